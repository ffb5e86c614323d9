#!/usr/bin/env bash
# How cost grows with the ledger, for scripts/bench.sh: ingest on a 10M-entry ledger against the
# run's own (empty at start) one, and report p95 on a 1M-entry against a 10M-entry ledger of the same shape. Needs the
# two databases scripts/bench-reports.sh seeds (once, ~14 and ~2 minutes):
#   bash scripts/bench-reports.sh
#   BENCH_DATABASE=creditledger_bench_reports_1m BENCH_EVENTS=500000 bash scripts/bench-reports.sh
# Expects bench.sh's helpers and variables (service_start, workspaces, curve_seconds, CL_*).

growth_big=creditledger_bench_reports
growth_small=creditledger_bench_reports_1m

growth_ready() { # both seeds present
  for d in "$growth_big" "$growth_small"; do
    pg_database_exists "$d" || return 1
  done
}

growth_service() { # database: restarts the service on that database
  service_stop
  local app owner
  app=$(conn_string "$CL_APP_ROLE" "$1"); owner=$(conn_string "$CL_OWNER_ROLE" "$1")
  CL_APP_CONNECTION="$app" CL_OWNER_CONNECTION="$owner" service_start 5094 Serilog__MinimumLevel__Default="$log_level" \
    CreditLedger__Expensive__PerSecond=0 CreditLedger__Expensive__PerKey=256
}

growth_entries() { pg_psql -d "$1" -tAc "SELECT count(*) FROM ledger_entries"; }

# Single events (64 connections) and batches of 500 (8 connections), CURVE_SECONDS each, after a warm-up: "single batch".
growth_ingest() { # workspaces file
  WORKSPACES_FILE="$1" wrk -t2 -c 64 -d 8s -s scripts/bench/usage-single.lua "$CL_SERVICE_URL" >/dev/null
  local s b
  s=$(WORKSPACES_FILE="$1" wrk -t2 -c 64 -d "${curve_seconds}s" --timeout 10s -s scripts/bench/usage-single.lua "$CL_SERVICE_URL" | grep RESULT)
  b=$(WORKSPACES_FILE="$1" BATCH_SIZE=500 wrk -t2 -c 8 -d "${curve_seconds}s" --timeout 30s -s scripts/bench/usage-batch.lua "$CL_SERVICE_URL" | grep RESULT)
  echo "$(awk -v r="$(field "$s" requests)" -v d="$(field "$s" duration_s)" 'BEGIN { printf "%.0f", r / d }') $(
    awk -v r="$(field "$b" requests)" -v d="$(field "$b" duration_s)" 'BEGIN { printf "%.0f", r * 500 / d }')"
}

# The worst report p95 of scripts/bench-reports.sh's five, over HTTP, on the service's current database, after one
# unmeasured pass over the same requests: both ledgers are measured with their rollups in memory, as a dashboard
# polling them keeps them (the ingest runs before evict the big one's pages).
growth_report_p95() {
  local reports=(dotnet tests/CreditLedger.Bench/bin/Release/net10.0/CreditLedger.Bench.dll reports --url "$CL_SERVICE_URL"
    --admin-key "$CL_ADMIN_KEY" --owner-connection "$CL_OWNER_CONNECTION" --requests 200 --direct-requests 0)
  "${reports[@]}" >/dev/null
  "${reports[@]}" | tee -a "$CL_LOCAL/bench-growth-reports.txt" | sed -n 's/^RESULT .*p95_ms=\([0-9.]*\)$/\1/p' | sort -g | tail -n 1
}

growth_run() {
  echo "== How cost grows"
  if ! growth_ready; then
    echo "not measured: seed $growth_big and $growth_small first (see scripts/lib/bench_growth.sh)"
    return 0
  fi
  # The empty side: this run's ledger, which started empty (same service, fresh workspaces, same loads).
  local empty big small_p95 big_p95 big_entries small_entries
  : > "$CL_LOCAL/bench-growth-reports.txt"
  empty=$(growth_ingest "$workspaces")
  growth_service "$growth_big"
  big_entries=$(growth_entries "$growth_big")
  dotnet tests/CreditLedger.Bench/bin/Release/net10.0/CreditLedger.Bench.dll setup-ingest \
    --url "$CL_SERVICE_URL" --admin-key "$CL_ADMIN_KEY" --workspaces 100 --out "$CL_LOCAL/bench-growth-workspaces.txt" >/dev/null
  big=$(growth_ingest "$CL_LOCAL/bench-growth-workspaces.txt")
  echo "ledger of $big_entries entries" >> "$CL_LOCAL/bench-growth-reports.txt"
  big_p95=$(growth_report_p95)
  growth_service "$growth_small"
  small_entries=$(growth_entries "$growth_small")
  echo "ledger of $small_entries entries" >> "$CL_LOCAL/bench-growth-reports.txt"
  small_p95=$(growth_report_p95)
  awk -v e="$empty" -v g="$big" -v n="$big_entries" -v sp="$small_p95" -v bp="$big_p95" -v sn="$small_entries" 'BEGIN {
    split(e, a, " "); split(g, b, " ")
    printf "ingest on %d entries vs the empty ledger: single %d vs %d events/s (%.2fx), batches of 500 %d vs %d events/s (%.2fx) (goal: within 15%%)\n", n, b[1], a[1], b[1] / a[1], b[2], a[2], b[2] / a[2]
    printf "report p95 (worst of five reports) on %d vs %d entries: %.2f vs %.2f ms (%.2fx) (goal <= 1.5x)\n", n, sn, bp, sp, bp / sp
  }'
  grep -E '^ledger of|^RESULT' "$CL_LOCAL/bench-growth-reports.txt" | sed 's/^RESULT /  /'
}
