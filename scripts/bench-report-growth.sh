#!/usr/bin/env bash
# Report latency as the ledger grows: one service on the 1M-entry ledger and one on the 10M-entry ledger of
# bench-reports.sh (seeded here when missing: ~1 and ~13 minutes, then reused), each report asked of both with the
# requests interleaved, so the 10M ÷ 1M ratio is not moved by this VM's drift between runs.
# Options via env: BENCH_REQUESTS (default 400 per report and ledger).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/service.sh

pg_install; pg_start_cluster
dotnet build src/CreditLedger.Api -c Release --nologo -v quiet
dotnet build tests/CreditLedger.Bench -c Release --nologo -v quiet
bench="dotnet tests/CreditLedger.Bench/bin/Release/net10.0/CreditLedger.Bench.dll"

services=()
stop_all() { for pid in "${services[@]}"; do CL_SERVICE_PID="$pid" service_stop; done; }
trap stop_all EXIT
reports_service_start creditledger_bench_reports_1m 500000 5094; services+=("$CL_SERVICE_PID"); small="$CL_SERVICE_URL"
reports_service_start creditledger_bench_reports 5000000 5095; services+=("$CL_SERVICE_PID"); large="$CL_SERVICE_URL"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(psql --version | head -1)"
$bench report-growth --small-url "$small" --large-url "$large" --admin-key "$CL_ADMIN_KEY" --requests "${BENCH_REQUESTS:-400}"
