#!/usr/bin/env bash
# What a statement costs PostgreSQL beyond the rows it writes, on this machine: the contract's rows for N events of one
# workspace written by three prepared statements (scripts/bench/pgbench-statement-cost-separate.sql) against the same
# rows written by one statement of data-modifying CTEs (pgbench-statement-cost-one.sql), interleaved, into a database
# the service migrated (its tables, indexes, CHECKs and triggers). Commits do not wait for the disk, so both runs are
# CPU-bound and the difference per transaction is two statements' fixed cost. About 3 minutes.
# Env: STATEMENT_EVENTS (default "32 1": a group of single events, then one event), ROUNDS (3), FLOOR_SECONDS (15).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/pgbench_floors.sh

seconds="${FLOOR_SECONDS:-15}"
db=creditledger_statement_cost
pg_install; pg_start_cluster; pg_stop_standby_for_measuring
pg_provision "$db"
dotnet build src/CreditLedger.Api -c Release --nologo -v quiet >/dev/null
contract_floor_prepare "$db"
for n in ${STATEMENT_EVENTS:-32 1}; do
  for round in $(seq 1 "${ROUNDS:-3}"); do
    three=$(pgbench_rate "$db" 8 "$n" "$seconds" scripts/bench/pgbench-statement-cost-separate.sql -M prepared -D n="$n")
    one=$(pgbench_rate "$db" 8 "$n" "$seconds" scripts/bench/pgbench-statement-cost-one.sql -M prepared -D n="$n")
    awk -v n="$n" -v r="$round" -v a="$three" -v b="$one" -v s="$seconds" 'BEGIN {
      ta = a / n; tb = b / n # transactions per second; two cores of CPU shared by them
      printf "%d events per transaction, round %d: three statements %d events/s, one statement %d events/s (%+.1f %%); two statements cost %.0f µs of the two cores per transaction\n",
        n, r, a, b, (b / a - 1) * 100, (2 / ta - 2 / tb) * 1e6 }'
  done
done
pg_psql -d postgres -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
