# PostgreSQL writing the rows the service writes per usage event (scripts/bench/pgbench-contract-rows.sql) into the
# service's own tables, with no service: the most any service could ingest with this schema on this machine. Used by
# bench.sh (one run, next to the minimal floor) and bench-contract-floor.sh (interleaved runs, schema changes).
# Needs pg_provision to have run (roles, password) and a Release build of the service.

# contract_floor_prepare DATABASE: a fresh database migrated by the service itself (tables, indexes, triggers, grants),
# with the 100 workspaces the pgbench script names.
contract_floor_prepare() {
  local db="$1"
  pg_psql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  pg_ensure_database "$db"
  ConnectionStrings__LedgerOwner="$(conn_string "$CL_OWNER_ROLE" "$db")" \
    dotnet "$CL_ROOT/src/CreditLedger.Api/bin/Release/net10.0/CreditLedger.Api.dll" migrate >/dev/null
  pg_psql -d "$db" < "$CL_ROOT/scripts/bench/pgbench-contract-setup.sql" >/dev/null
}

# contract_floor_rate DATABASE CLIENTS EVENTS_PER_TRANSACTION SECONDS: events/s.
# A failed run prints pgbench's own output and fails, rather than a rate.
contract_floor_rate() {
  local out
  out=$(PGPASSWORD="$CL_PG_PASSWORD" PGSSLMODE=disable pgbench -h 127.0.0.1 -p "$CL_PG_PORT" -U "$CL_OWNER_ROLE" -n -j 2 \
    -c "$2" -D n="$3" -T "$4" -f "$CL_ROOT/scripts/bench/pgbench-contract-rows.sql" "$1" 2>&1) || { echo "$out" >&2; return 1; }
  echo "$out" | awk -v n="$3" '/^tps = / { printf "%.0f", $3 * n }'
}
