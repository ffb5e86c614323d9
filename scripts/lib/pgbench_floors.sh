# PostgreSQL's floors, measured with pgbench and no service: the minimal SQL of a charge (scripts/bench/pgbench-schema.sql
# and its scripts), and the rows the service writes per usage event (scripts/bench/pgbench-contract-rows.sql) in the
# service's own tables: the most any service could ingest with this schema on this machine. Used by bench.sh (one run
# of each) and bench-contract-floor.sh (interleaved runs, schema changes). Needs pg_provision to have run (roles,
# password) and, for the contract floor, a Release build of the service.

# pgbench_rate DATABASE CLIENTS EVENTS_PER_TRANSACTION SECONDS SCRIPT [PGBENCH_ARGS...]: events/s over loopback.
# A failed run prints pgbench's own output and fails, rather than giving a rate.
pgbench_rate() {
  local db="$1" clients="$2" events="$3" seconds="$4" script="$5" out
  shift 5
  out=$(PGPASSWORD="$CL_PG_PASSWORD" PGSSLMODE=disable pgbench -h 127.0.0.1 -p "$CL_PG_PORT" -U "$CL_OWNER_ROLE" -n -j 2 \
    -c "$clients" -T "$seconds" "$@" -f "$CL_ROOT/$script" "$db" 2>&1) || { echo "$out" >&2; return 1; }
  echo "$out" | awk -v n="$events" '/^tps = / { printf "%.0f", $3 * n }'
}

# minimal_floor_prepare DATABASE: the minimal floor's tables, owned by the owner role that pgbench connects as.
minimal_floor_prepare() {
  PGPASSWORD="$CL_PG_PASSWORD" PGSSLMODE=disable psql -q -h 127.0.0.1 -p "$CL_PG_PORT" -U "$CL_OWNER_ROLE" -d "$1" \
    -f "$CL_ROOT/scripts/bench/pgbench-schema.sql" >/dev/null 2>&1
}

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
contract_floor_rate() {
  pgbench_rate "$1" "$2" "$3" "$4" scripts/bench/pgbench-contract-rows.sql -D n="$3"
}
