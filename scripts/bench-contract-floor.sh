#!/usr/bin/env bash
# How far PostgreSQL alone gets writing the service's rows per usage event, against the minimal floor bench.sh uses,
# in interleaved runs (this VM's speed drifts, so only runs side by side compare). Each round: the minimal SQL, 100
# events per transaction (scripts/bench/pgbench-batch-100.sql), then the contract's rows, 500 per transaction like the
# service's batches, and one per transaction (scripts/bench/pgbench-contract-rows.sql). About a minute per round.
# Env: ROUNDS (default 2), FLOOR_SECONDS (default 20) per load; CONTRACT_SQL: run as superuser on the freshly migrated
# floor database first, to measure what a schema change would give before making it (e.g. "DROP INDEX
# ledger_entries_usage_occurred"); it only ever touches that throwaway database.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/pgbench_floors.sh

seconds="${FLOOR_SECONDS:-20}"
db=creditledger_contract_floor
pg_provision "$db"
pg_stop_standby_for_measuring
dotnet build src/CreditLedger.Api -c Release --nologo -v quiet >/dev/null
contract_floor_prepare "$db"
[ -n "${CONTRACT_SQL:-}" ] && pg_psql -d "$db" -c "$CONTRACT_SQL" >/dev/null
minimal_floor_prepare "$db"
for round in $(seq 1 "${ROUNDS:-2}"); do
  m=$(pgbench_rate "$db" 8 100 "$seconds" scripts/bench/pgbench-batch-100.sql)
  b=$(contract_floor_rate "$db" 8 500 "$seconds")
  o=$(contract_floor_rate "$db" 64 1 "$seconds")
  awk -v r="$round" -v m="$m" -v b="$b" -v o="$o" 'BEGIN {
    printf "round %d: minimal 100 per transaction %d events/s; contract rows 500 per transaction %d events/s (%.2fx the minimal), one per transaction %d/s\n", r, m, b, b / m, o }'
done
pg_psql -d postgres -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
