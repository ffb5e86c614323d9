#!/usr/bin/env bash
# Where ingest's time goes, to profile before acting. Starts the service (Release) on a fresh database with
# pg_stat_statements loaded, sends POST …/usage/batch (BATCH_SIZE, default 500; 8 connections; PROFILE_SECONDS, default
# 20) or, with PROFILE_MODE=single, single-event POST …/usage from 64 connections (PROFILE_MODE=pipeline: the same
# requests refused by the validator, to measure the HTTP pipeline alone), and prints: the CPU seconds the
# service, PostgreSQL and the load generator (wrk) each used, and the statements by total execution time
# (calls, mean ms, rows), and the bytes the service allocated per event (its managed heap's counter, scraped from
# /metrics before and after). Restarts the local cluster once to load pg_stat_statements (left loaded; it only observes).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/service.sh
source scripts/lib/pg_cpu.sh

db=creditledger_profile
seconds="${PROFILE_SECONDS:-20}"
pg_install; pg_start_cluster; pg_stop_standby_for_measuring
version="$CL_PG_VERSION" # the cluster pg_start_cluster started
if [ "$(pg_psql -d postgres -tAc "SHOW shared_preload_libraries")" != pg_stat_statements ]; then
  pg_psql -d postgres -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" >/dev/null
  pg_cluster_start "$version" main restart
fi
harness_prepare "$db"
pg_psql -d "$db" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
trap 'service_stop' EXIT
# PROFILE_SERVICE_ENV: settings for the service, e.g. "CreditLedger__GroupCommitWriters=4".
# shellcheck disable=SC2086
# PROFILE_PERF=1: also sample the service's on-CPU stacks with perf during the load (JIT frames named through
# DOTNET_PerfMapEnabled; W^X off, or JIT code shows as one anonymous mapping), and print the hottest libraries and
# functions; unlike a .NET trace it counts no blocked thread.
need_package wrk
[ -n "${PROFILE_PERF:-}" ] && need_package perf linux-perf
perf_env=""; [ -n "${PROFILE_PERF:-}" ] && perf_env="DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0"
service_start 5098 ${PROFILE_SERVICE_ENV:-} $perf_env
# PROFILE_SQL: run as superuser on the freshly migrated database before the load, to measure what a schema change
# would save before making it (e.g. "DROP INDEX ledger_entries_usage_occurred"); never on a database anyone uses.
[ -n "${PROFILE_SQL:-}" ] && pg_psql -d "$db" -c "$PROFILE_SQL" >/dev/null
workspaces="$CL_LOCAL/profile-workspaces.txt"
$CL_BENCH setup-ingest --url "$CL_SERVICE_URL" --admin-key "$CL_ADMIN_KEY" --workspaces 100 --out "$workspaces" >/dev/null
# pipeline: the single-event load with an outcome the validator refuses (400) after every middleware, the
# authentication on a cached key and the rate limiter have run; no database work, so the service's CPU per request
# is what the HTTP pipeline costs a single event.
[ "${PROFILE_MODE:-batch}" = pipeline ] && export USAGE_OUTCOME=not-an-outcome
# PROFILE_CONNECTIONS: wrk's connections (default 8 for batches, 64 otherwise); 1 measures a lone client's latency.
if [ "${PROFILE_MODE:-batch}" = batch ]; then
  load=(-c "${PROFILE_CONNECTIONS:-8}" -s scripts/bench/usage-batch.lua)
else
  load=(-c "${PROFILE_CONNECTIONS:-64}" -s scripts/bench/usage-single.lua)
fi
threads=$(( ${PROFILE_CONNECTIONS:-2} < 2 ? 1 : 2 ))
# Warm-up, unmeasured: perf showed the runtime's tiered compilation taking 19 % of the service's CPU in the first 15 s
# of load and none after 30 s, so a shorter warm-up measures the JIT, not the service (PROFILE_WARMUP, seconds).
WORKSPACES_FILE="$workspaces" BATCH_SIZE="${BATCH_SIZE:-500}" wrk -t"$threads" -d "${PROFILE_WARMUP:-30}s" "${load[@]}" "$CL_SERVICE_URL" >/dev/null
pg_psql -d "$db" -c "SELECT pg_stat_statements_reset()" >/dev/null
wal() { pg_psql -d "$db" -tAc "SELECT wal_bytes::bigint || ' ' || wal_fpi FROM pg_stat_wal"; }
# The service's managed allocations so far: what the allocation budget per event is measured against under load, where
# the stage benchmarks see only their own stage.
allocated() { curl -fsS -H "Authorization: Bearer $CL_ADMIN_KEY" "$CL_SERVICE_URL/metrics" |
  awk '/^dotnet_gc_heap_total_allocated_bytes_total/ { print $2 }'; }
read -r wal_before fpi_before <<< "$(wal)"; checkpoints_before=$(pg_checkpoints "$db")
allocated_before=$(allocated)
service_before=$(proc_cpu_ticks "$CL_SERVICE_PID"); pg_cpu_snapshot "$db" > "$CL_LOCAL/profile-pg-before.txt"
[ -n "${PROFILE_PERF:-}" ] && { perf record -F 499 -g -p "$CL_SERVICE_PID" -o "$CL_LOCAL/perf.data" -- sleep "$seconds" 2>/dev/null & perf_pid=$!; }
TIMEFORMAT='%U %S' # bash's time: the load generator's user and system CPU seconds
{ time WORKSPACES_FILE="$workspaces" BATCH_SIZE="${BATCH_SIZE:-500}" wrk -t"$threads" -d "${seconds}s" --timeout 30s "${load[@]}" \
    "$CL_SERVICE_URL" > "$CL_LOCAL/profile-wrk.txt"; } 2> "$CL_LOCAL/profile-wrk-cpu.txt"
r=$(grep RESULT "$CL_LOCAL/profile-wrk.txt")
service_after=$(proc_cpu_ticks "$CL_SERVICE_PID"); pg_cpu_snapshot "$db" > "$CL_LOCAL/profile-pg-after.txt"
read -r wal_after fpi_after <<< "$(wal)"; checkpoints_after=$(pg_checkpoints "$db")
allocated_after=$(allocated)
hz=$(getconf CLK_TCK)
echo "$r"
pg_roles=$(pg_cpu_by_role "$CL_LOCAL/profile-pg-before.txt" "$CL_LOCAL/profile-pg-after.txt")
pg_ticks=$(echo "$pg_roles" | awk '{ s += $2 } END { print s + 0 }')
awk -v s=$((service_after - service_before)) -v p="$pg_ticks" -v hz="$hz" -v t="$seconds" \
    -v w="$(awk '{ print $1 + $2 }' "$CL_LOCAL/profile-wrk-cpu.txt")" 'BEGIN {
  printf "CPU over %d s: service %.1f s, PostgreSQL %.1f s, wrk %.1f s (of %d core-seconds)\n", t, s / hz, p / hz, w, t * 2 }'
pg_cpu_line "$pg_roles"
events=$(echo "$r" | sed -E 's/.*requests=([0-9]+).*/\1/')
if [ "${PROFILE_MODE:-batch}" = batch ]; then events=$((events * ${BATCH_SIZE:-500})); fi
awk -v b=$((wal_after - wal_before)) -v f=$((fpi_after - fpi_before)) -v c=$((checkpoints_after - checkpoints_before)) -v e="$events" 'BEGIN {
  printf "WAL: %.0f bytes and %.3f full-page images per event; %d checkpoints during the run\n", b / e, f / e, c }'
awk -v a="$allocated_before" -v z="$allocated_after" -v e="$events" 'BEGIN {
  printf "service allocations: %.0f bytes per event (the whole service: HTTP, engine, group commit)\n", (z - a) / e }'
pg_psql -d "$db" -c "
  SELECT round(total_exec_time)::bigint AS total_ms, calls, round((total_exec_time / calls)::numeric, 2) AS mean_ms, rows,
         left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS statement
  FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$db')
  ORDER BY total_exec_time DESC LIMIT 15"
if [ -n "${PROFILE_PERF:-}" ]; then
  wait "$perf_pid"
  perf report -i "$CL_LOCAL/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -8
  perf report -i "$CL_LOCAL/perf.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -40
fi
