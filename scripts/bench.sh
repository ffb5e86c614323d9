#!/usr/bin/env bash
# Ingest throughput, side by side with PostgreSQL's own floor and an HTTP floor, in one run (about 3 minutes, stops by itself):
#   1. pgbench runs the checked-in minimal SQL of one charge per transaction (64 clients), then 100 per transaction;
#      then the rows the service writes per event, into its own migrated tables (scripts/lib/pgbench_floors.sh), one
#      per transaction and 500 per transaction: the most any service could reach with this schema on this machine;
#      the HTTP floor (CreditLedger.Bench http-floor: the same route and body parsed, keys hashed, 201; no database)
#      takes the single-event load the service gets next;
#   2. the service (Release) takes single-event POST …/usage from 64 connections over 100 workspaces (wrk),
#      then POST …/usage/batch with 500 events per request;
#   3. a curve: single events at 1, 8, 64 and 256 connections, batches of 100, 500 and 1,000 events (rate, p50, p99);
#   4. how cost grows (scripts/lib/bench_growth.sh): ingest on a 10M-entry ledger against this run's, report p95 on 1M
#      against 10M entries, when those seeded databases exist (BENCH_GROWTH=0 skips; about 2 minutes);
# and prints both rates, their ratios, p99 latency, PostgreSQL's CPU by process and checkpoints beside each measured
# load, the curve, the service's peak RSS and a ledger invariant check.
# Both loads follow an unmeasured warm-up. Env: BENCH_SECONDS (default 20) per load; PGBENCH_CLIENTS (64); WRK_CONNECTIONS (64);
# BENCH_DATABASE: ingest into an existing database instead of a fresh one (how cost grows: e.g. creditledger_bench_reports
# after scripts/bench-reports.sh seeded 10M entries; the run adds its 100 workspaces and their events to it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/service.sh
source scripts/lib/bench_growth.sh
source scripts/lib/pgbench_floors.sh
source scripts/lib/pg_cpu.sh

seconds="${BENCH_SECONDS:-20}"
db="${BENCH_DATABASE:-creditledger_bench_ingest}"
need_package wrk
pg_install; pg_start_cluster
pg_stop_standby_for_measuring
[ -n "${BENCH_DATABASE:-}" ] || pg_psql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
pg_provision "$db"
echo "== Ledger before the run: $(pg_psql -d "$db" -tAc "SELECT count(*) FROM ledger_entries" 2>/dev/null || echo 0) entries"
dotnet build src/CreditLedger.Api -c Release --nologo -v quiet >/dev/null
dotnet build tests/CreditLedger.Bench -c Release --nologo -v quiet >/dev/null
export PGPASSWORD="$CL_PG_PASSWORD" PGSSLMODE=disable  # loopback, like the service's connections

echo "== PostgreSQL floor (pgbench, scripts/bench/pgbench-*.sql)"
minimal_floor_prepare "$db"
pg_one=$(pgbench_rate "$db" "${PGBENCH_CLIENTS:-64}" 1 "$seconds" scripts/bench/pgbench-one-event.sql)
pg_batch=$(pgbench_rate "$db" 8 100 "$seconds" scripts/bench/pgbench-batch-100.sql)
echo "one event per transaction: $pg_one events/s; 100 per transaction: $pg_batch events/s"
echo "== PostgreSQL writing the service's rows (scripts/bench/pgbench-contract-rows.sql; the service's tables, no service)"
contract_floor_prepare creditledger_bench_contract
rows_one=$(contract_floor_rate creditledger_bench_contract "${PGBENCH_CLIENTS:-64}" 1 "$seconds")
rows_batch=$(contract_floor_rate creditledger_bench_contract 8 500 "$seconds")
pg_psql -d postgres -c "DROP DATABASE creditledger_bench_contract WITH (FORCE)" >/dev/null
echo "one event per transaction: $rows_one events/s; 500 per transaction: $rows_batch events/s"

echo "== HTTP floor (tests/CreditLedger.Bench/HttpFloor.cs: parse, hash, 201; no database)"
floor_url="http://127.0.0.1:5094"
dotnet tests/CreditLedger.Bench/bin/Release/net10.0/CreditLedger.Bench.dll http-floor --url "$floor_url" & floor_pid=$!
trap 'kill $floor_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"idempotencyKey":"up"}'   "$floor_url/v1/workspaces/00000000-0000-0000-0000-000000000001/usage" 2>/dev/null && break; sleep 0.1; done
printf '%s 0\n' 00000000-0000-0000-0000-000000000001 > "$CL_LOCAL/floor-workspaces.txt"
WORKSPACES_FILE="$CL_LOCAL/floor-workspaces.txt" wrk -t2 -c "${WRK_CONNECTIONS:-64}" -d 10s -s scripts/bench/usage-single.lua "$floor_url" >/dev/null
floor=$(WORKSPACES_FILE="$CL_LOCAL/floor-workspaces.txt" wrk -t2 -c "${WRK_CONNECTIONS:-64}" -d "${seconds}s" -s scripts/bench/usage-single.lua "$floor_url" | grep RESULT)
kill "$floor_pid" 2>/dev/null || true; wait "$floor_pid" 2>/dev/null || true
echo "$floor"

trap service_stop EXIT
# Request logging on at Information, as users run it (BENCH_LOG_LEVEL=Warning measures without request lines).
log_level="${BENCH_LOG_LEVEL:-Information}"
service_start 5093 Serilog__MinimumLevel__Default="$log_level"
echo "== Service log level: $log_level"
workspaces="$CL_LOCAL/bench-workspaces.txt"
dotnet tests/CreditLedger.Bench/bin/Release/net10.0/CreditLedger.Bench.dll setup-ingest \
  --url "$CL_SERVICE_URL" --admin-key "$CL_ADMIN_KEY" --workspaces 100 --out "$workspaces"

peak_rss=0
sample_rss() { while kill -0 "$CL_SERVICE_PID" 2>/dev/null; do
  awk '/VmRSS/ {print $2}' "/proc/$CL_SERVICE_PID/status" >> "$CL_LOCAL/rss.txt" 2>/dev/null || true; sleep 0.5; done; }
: > "$CL_LOCAL/rss.txt"; sample_rss & sampler=$!

# Warm-up (not measured): JIT tiering and connection pools settle before the clock starts.
# Long enough for the runtime's tiered compilation to finish (perf: 19 % of the service's CPU in the first 15 s of
# load, none after 30 s); a shorter warm-up would measure the JIT instead of the service.
WORKSPACES_FILE="$workspaces" wrk -t2 -c "${WRK_CONNECTIONS:-64}" -d 20s -s scripts/bench/usage-single.lua "$CL_SERVICE_URL" >/dev/null
WORKSPACES_FILE="$workspaces" BATCH_SIZE=500 wrk -t2 -c 8 -d 15s -s scripts/bench/usage-batch.lua "$CL_SERVICE_URL" >/dev/null
# What PostgreSQL did beside each measured load (its CPU by process, checkpoints started): a slow run whose cores were
# shared with autovacuum or a checkpoint (the warm-up's batches leave both owed) says so.
beside_start() { pg_cpu_snapshot "$db" > "$CL_LOCAL/bench-pg-before.txt"; checkpoints_before=$(pg_checkpoints "$db"); }
beside_line() {
  pg_cpu_snapshot "$db" > "$CL_LOCAL/bench-pg-after.txt"
  echo "$(pg_cpu_line "$(pg_cpu_by_role "$CL_LOCAL/bench-pg-before.txt" "$CL_LOCAL/bench-pg-after.txt")"); checkpoints started: $(($(pg_checkpoints "$db") - checkpoints_before))"
}
echo "== Service: single-event POST …/usage, ${WRK_CONNECTIONS:-64} connections, 100 workspaces"
beside_start
single=$(WORKSPACES_FILE="$workspaces" wrk -t2 -c "${WRK_CONNECTIONS:-64}" -d "${seconds}s" --timeout 10s -s scripts/bench/usage-single.lua "$CL_SERVICE_URL" | grep RESULT)
single_beside=$(beside_line)
echo "$single"; echo "$single_beside"
echo "== Service: POST …/usage/batch, 500 events per request, 8 connections"
beside_start
batch=$(WORKSPACES_FILE="$workspaces" BATCH_SIZE=500 wrk -t2 -c 8 -d "${seconds}s" --timeout 30s -s scripts/bench/usage-batch.lua "$CL_SERVICE_URL" | grep RESULT)
batch_beside=$(beside_line)
echo "$batch"; echo "$batch_beside"
# How latency and throughput move with load: single events at 1, 8, 64 and 256 connections, batches of 100, 500
# and 1,000 events (8 connections), each for CURVE_SECONDS (default 10).
curve_seconds="${CURVE_SECONDS:-10}"
curve=()
for connections in 1 8 64 256; do
  threads=$(( connections < 2 ? 1 : 2 )) # wrk needs a connection per thread
  r=$(WORKSPACES_FILE="$workspaces" wrk -t"$threads" -c "$connections" -d "${curve_seconds}s" --timeout 10s -s scripts/bench/usage-single.lua "$CL_SERVICE_URL" | grep RESULT)
  curve+=("single $connections connections: $(awk -v r="$(echo "$r" | sed -n 's/.*requests=\([0-9]*\).*/\1/p')" \
    -v d="$(echo "$r" | sed -n 's/.*duration_s=\([0-9.]*\).*/\1/p')" 'BEGIN { printf "%.0f", r / d }') events/s, p50 $(echo "$r" | sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p') ms, p99 $(echo "$r" | sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p') ms")
done
for size in 100 500 1000; do
  r=$(WORKSPACES_FILE="$workspaces" BATCH_SIZE=$size wrk -t2 -c 8 -d "${curve_seconds}s" --timeout 30s -s scripts/bench/usage-batch.lua "$CL_SERVICE_URL" | grep RESULT)
  curve+=("batch of $size, 8 connections: $(awk -v r="$(echo "$r" | sed -n 's/.*requests=\([0-9]*\).*/\1/p')" -v n="$size" \
    -v d="$(echo "$r" | sed -n 's/.*duration_s=\([0-9.]*\).*/\1/p')" 'BEGIN { printf "%.0f", r * n / d }') events/s, p50 $(echo "$r" | sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p') ms, p99 $(echo "$r" | sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p') ms")
done
kill "$sampler" 2>/dev/null || true
peak_rss=$(sort -n "$CL_LOCAL/rss.txt" | tail -n 1)
# Every request sent new keys: a replay would be measured as if it were a new event.
replays=$(curl -fsS -H "Authorization: Bearer $CL_ADMIN_KEY" "$CL_SERVICE_URL/metrics" \
  | awk '/^creditledger_idempotent_replays_total/ { total += $NF } END { printf "%d", total }')

field() { echo "$1" | sed -n "s/.*$2=\([0-9.]*\).*/\1/p"; }
single_rate=$(awk -v r="$(field "$single" requests)" -v d="$(field "$single" duration_s)" 'BEGIN { printf "%.0f", r / d }')
batch_rate=$(awk -v r="$(field "$batch" requests)" -v d="$(field "$batch" duration_s)" 'BEGIN { printf "%.0f", r * 500 / d }')
floor_rate=$(awk -v r="$(field "$floor" requests)" -v d="$(field "$floor" duration_s)" 'BEGIN { printf "%.0f", r / d }')
invariants=$(psql -tA -h 127.0.0.1 -p "$CL_PG_PORT" -U "$CL_OWNER_ROLE" -d "$db" -c "
  SELECT count(*) FROM workspace_heads h WHERE h.data_credits_available <>
    (SELECT COALESCE(sum(amount), 0) FROM ledger_entries l WHERE l.workspace_id = h.workspace_id AND l.currency = 'data_credits')")
# Every workspace's hash chain, recomputed by the service (GET …/ledger/verify).
broken_chains=0
while read -r id _; do
  # Verification is an expensive read, rate-limited per key: a 429 is waited out (Retry-After), not counted as broken.
  curl -fsS --retry 10 --retry-delay 1 -H "Authorization: Bearer $CL_ADMIN_KEY" "$CL_SERVICE_URL/v1/workspaces/$id/ledger/verify" | grep -q '"valid":true' \
    || broken_chains=$((broken_chains + 1))
done < "$workspaces"
echo
echo "== Summary ($(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(psql --version | awk '{print $3}'))"
awk -v s="$single_rate" -v p="$pg_one" -v b="$batch_rate" -v q="$pg_batch" -v p99="$(field "$single" p99_ms)" -v f="$floor_rate" \
    -v e1="$(field "$single" errors_status)" -v e2="$(field "$batch" errors_status)" -v rss="$peak_rss" -v bad="$invariants" \
    -v r1="$rows_one" -v r5="$rows_batch" 'BEGIN {
  printf "single-event API: %d events/s vs pgbench one-per-transaction %d/s = %.2fx (target >= 3x); p99 %.1f ms (target < 50); non-2xx %d\n", s, p, s / p, p99, e1
  printf "batch API:        %d events/s vs pgbench 100-per-transaction %d/s = %.2fx (target >= 0.7x); non-2xx %d\n", b, q, b / q, e2
  printf "HTTP floor:       %d requests/s (no database); the single-event API runs at %.2fx of it\n", f, s / f
  printf "service'"'"'s rows:   PostgreSQL alone, 500 events per transaction, %d events/s = %.2fx the 100-per-transaction floor; the batch API runs at %.2fx of it\n", r5, r5 / q, b / r5
  printf "                  one event per transaction: %d/s; the single-event API (group commit) runs at %.2fx of it\n", r1, s / r1
  printf "service peak RSS: %.0f MB (target < 400)\n", rss / 1024
  printf "workspaces whose balance differs from the sum of their ledger: %d\n", bad
}'
echo "beside the single events: $single_beside"
echo "beside the batches:       $batch_beside"
echo "workspaces whose hash chain does not verify: $broken_chains"
echo "idempotent replays during the run: $replays (expected 0: every request is new work)"
echo "== Curve (rate, p50, p99)"
printf '  %s\n' "${curve[@]}"
[ "${BENCH_GROWTH:-1}" = 0 ] || growth_run
