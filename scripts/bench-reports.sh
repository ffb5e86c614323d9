#!/usr/bin/env bash
# Report latency benchmark: seeds a 10-million-entry ledger (5M usage events x 2 charge entries, 13,000 resources) over
# 200 workspaces and 90 days into its own database (once; later runs reuse it), starts the service in Release,
# and prints p50/p95 over HTTP next to the same aggregation run directly over the raw ledger.
# Options via env: BENCH_EVENTS (default 5000000), BENCH_REQUESTS (default 400), BENCH_RESEED=1 to start over,
# BENCH_DATABASE (default creditledger_bench_reports): another size keeps its own database, e.g.
# BENCH_DATABASE=creditledger_bench_reports_1m BENCH_EVENTS=500000 for the 1M-entry ledger bench.sh compares with.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/service.sh

db="${BENCH_DATABASE:-creditledger_bench_reports}"
pg_install; pg_start_cluster
if [ "${BENCH_RESEED:-0}" = 1 ]; then pg_psql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; fi
dotnet build src/CreditLedger.Api -c Release --nologo -v quiet
dotnet build tests/CreditLedger.Bench -c Release --nologo -v quiet
bench="dotnet tests/CreditLedger.Bench/bin/Release/net10.0/CreditLedger.Bench.dll"

trap service_stop EXIT
reports_service_start "$db" "${BENCH_EVENTS:-5000000}" 5091
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(psql --version | head -1)"
$bench reports --url "$CL_SERVICE_URL" --admin-key "$CL_ADMIN_KEY" --owner-connection "$CL_OWNER_CONNECTION" \
  --requests "${BENCH_REQUESTS:-400}"
