#!/usr/bin/env bash
# The service's CPU and allocations per event, stage by stage, with the database left out (BenchmarkDotNet, Release):
# the HTTP pipeline (every middleware on a cached key), binding, validation, fingerprinting, the engine's decision and
# entries, the batch item path and answer.
# Pass BenchmarkDotNet options after the script (default: every stage, the short job): e.g. --filter '*Engine*'.
# Results: the table printed at the end, and .local/bench-stages/results/*.md.
# --allocations Class.Method [seconds]: where one stage's bytes go instead, by type (e.g. --allocations BatchStages.Items).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/CreditLedger.Bench.Stages -c Release --nologo -v quiet >/dev/null
stages=tests/CreditLedger.Bench.Stages/bin/Release/net10.0/CreditLedger.Bench.Stages.dll
args=("$@")
[ "${1:-}" = --allocations ] && exec dotnet "$stages" "${args[@]}"
[ ${#args[@]} -gt 0 ] || args=(--filter '*' --job short)
dotnet "$stages" "${args[@]}" --artifacts .local/bench-stages --exporters github
