#!/usr/bin/env bash
# Fault injection, loopback only, bounded (about 6 minutes; stops by itself), printing a summary:
#   a. crash: concurrent clients send single events and batches, retrying with the same keys until acknowledged,
#      while the service is killed 10 times at random moments (8 x SIGKILL, 2 x SIGTERM) and restarted;
#   b. database restart: PostgreSQL is stopped and started twice under load; the service must answer 503 (never
#      500) while it is away, /health/ready must say so, and it must serve again within 5 s of its return;
#   c. racing: 10,000 debits from 64 connections over 10 workspaces whose balances cover 5,000 of them;
#   webhooks: through a and b a receiver (one answer in ten a 500) takes every chaos workspace's balance alerts and a
#   stream of test pings; afterwards every event in the outbox and every acknowledged ping arrived at least once;
#   auto top-up rules are active on every chaos workspace throughout (each charge triggers one, up to maxPerCycle);
#   then every invariant is checked, and the hostile-input test runs with CREDITLEDGER_HOSTILE_COUNT (20000).
# --cluster: instead, three instances behind HAProxy killed one at a time under load (scripts/lib/chaos_cluster.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --cluster ]; then exec bash scripts/lib/chaos_cluster.sh; fi
source scripts/lib/postgres.sh
source scripts/lib/service.sh

db=creditledger_chaos
run="chaos$(date +%s)"
harness_prepare "$db"
bench="$CL_BENCH"
pg_version="$CL_PG_VERSION" # the cluster harness_prepare started
trap 'service_stop; pg_cluster_start "$pg_version" main 2>/dev/null || true' EXIT
export CL_ADMIN_KEY="$(random_admin_key "chaos-admin-$run")"
port=5095
# The receiver is on loopback over http; retries come quickly so the run can wait for every delivery.
webhook_env=(CreditLedger__Webhooks__AllowInsecureUrls=true CreditLedger__Webhooks__AllowPrivateNetworks=true
  CreditLedger__Webhooks__RetryDelays__0=00:00:01 CreditLedger__Webhooks__RetryDelays__1=00:00:02 CreditLedger__Webhooks__RetryDelays__2=00:00:04
  CreditLedger__Webhooks__RetryDelays__3=00:00:08 CreditLedger__Webhooks__RetryDelays__4=00:00:15 CreditLedger__Webhooks__Lease=00:00:15)
service_start $port "${webhook_env[@]}"
$bench setup-ingest --url "$CL_SERVICE_URL" --admin-key "$CL_ADMIN_KEY" --workspaces 10 --out "$CL_LOCAL/chaos-workspaces.txt" >/dev/null
received="$CL_LOCAL/chaos-webhooks-received.txt"; pings="$CL_LOCAL/chaos-pings.txt"; : > "$received"; : > "$pings"
python3 scripts/lib/webhook_receiver.py 5096 "$received" & receiver_pid=$!
trap 'kill $receiver_pid 2>/dev/null || true; service_stop; pg_cluster_start "$pg_version" main 2>/dev/null || true' EXIT
webhooks=()
for ws in $(cut -d' ' -f1 "$CL_LOCAL/chaos-workspaces.txt"); do
  hook=$(curl -fsS -X POST "$CL_SERVICE_URL/v1/workspaces/$ws/webhooks" -H "Authorization: Bearer $CL_ADMIN_KEY" -H 'Content-Type: application/json' \
    -d '{"url":"http://127.0.0.1:5096/hook","events":["balance.low","balance.depleted","balance.recovered","top_up.granted","top_up.requested","ping"]}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
  curl -fsS -o /dev/null -X PUT "$CL_SERVICE_URL/v1/workspaces/$ws/alerts" -H "Authorization: Bearer $CL_ADMIN_KEY" -H 'Content-Type: application/json' \
    -d '{"actions":{"lowBalance":999999990},"dataCredits":{"lowBalance":999999990}}'
  # An auto top-up rule on each currency, active through every kill: each charge leaves the balance below it.
  curl -fsS -o /dev/null -X PUT "$CL_SERVICE_URL/v1/workspaces/$ws/auto-top-up" -H "Authorization: Bearer $CL_ADMIN_KEY" -H 'Content-Type: application/json' \
    -d '{"dataCredits":{"below":1000000000,"amount":1,"mode":"grant","maxPerCycle":100},"actions":{"below":1000000000,"amount":1,"mode":"request","maxPerCycle":100}}'
  webhooks+=("$ws/webhooks/$hook")
done
# Test pings all through a and b; each acknowledged one (202) must arrive, whatever was killed after it.
ping_loop() {
  while true; do
    for hook in "${webhooks[@]}"; do
      id=$(curl -s -m 5 -X POST "$CL_SERVICE_URL/v1/workspaces/$hook/test" -H "Authorization: Bearer $CL_ADMIN_KEY" -H 'Content-Type: application/json' -d '{}' \
        | sed -n 's/.*"eventId":"\([^"]*\)".*/\1/p') || id="" # refused while the service is down: not acknowledged
      [ -n "$id" ] && echo "$id" >> "$pings"
    done
    sleep 0.5
  done
}
ping_loop & pinger=$!
$bench setup-ingest --url "$CL_SERVICE_URL" --admin-key "$CL_ADMIN_KEY" --workspaces 10 --data-credits 500 --out "$CL_LOCAL/race-workspaces.txt" >/dev/null

echo "== a. crash: 10 kills under load"
$bench chaos-load --url "$CL_SERVICE_URL" --workspaces-file "$CL_LOCAL/chaos-workspaces.txt" --out "$CL_LOCAL/chaos-acks-a.txt" \
  --run "$run-a" --seconds 75 --workers 32 > "$CL_LOCAL/chaos-a.txt" &
load=$!
for i in $(seq 1 10); do
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.1f", 2 + (r % 40) / 10 }')"
  signal=KILL; [ $((i % 5)) = 0 ] && signal=TERM
  kill -s "$signal" "$CL_SERVICE_PID" 2>/dev/null || true
  wait "$CL_SERVICE_PID" 2>/dev/null || true
  echo "  kill $i: SIG$signal"
  service_start $port "${webhook_env[@]}"
done
wait $load || true
cat "$CL_LOCAL/chaos-a.txt"

echo "== b. database restarts under load"
$bench chaos-load --url "$CL_SERVICE_URL" --workspaces-file "$CL_LOCAL/chaos-workspaces.txt" --out "$CL_LOCAL/chaos-acks-b.txt" \
  --run "$run-b" --seconds 40 --workers 16 > "$CL_LOCAL/chaos-b.txt" &
load=$!
recovery=()
down_status_wrong=0
for i in 1 2; do
  sleep 6
  as_root pg_ctlcluster "$pg_version" main stop -m fast
  sleep 1
  ready_while_down=$(curl -s -o /dev/null -w '%{http_code}' "$CL_SERVICE_URL/health/ready")
  api_while_down=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $CL_ADMIN_KEY" "$CL_SERVICE_URL/v1/workspaces")
  sleep 3
  pg_cluster_start "$pg_version" main
  started=$(date +%s.%N)
  until curl -fs -o /dev/null "$CL_SERVICE_URL/health/ready" && \
        curl -fs -o /dev/null -H "Authorization: Bearer $CL_ADMIN_KEY" "$CL_SERVICE_URL/v1/workspaces"; do sleep 0.1; done
  recovery+=("$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')")
  echo "  restart $i: /health/ready while down = $ready_while_down, API while down = $api_while_down, serving again after ${recovery[-1]} s"
  [ "$ready_while_down" = 503 ] && [ "$api_while_down" = 503 ] || down_status_wrong=1
done
wait $load || true
kill $pinger 2>/dev/null || true
cat "$CL_LOCAL/chaos-b.txt"

echo "== c. racing: 10,000 debits, 64 connections, 10 workspaces covering 5,000"
$bench race --url "$CL_SERVICE_URL" --workspaces-file "$CL_LOCAL/race-workspaces.txt" --debits 10000 --connections 64 | tee "$CL_LOCAL/chaos-c.txt"

echo "== invariants"
cat "$CL_LOCAL/chaos-acks-a.txt" "$CL_LOCAL/chaos-acks-b.txt" > "$CL_LOCAL/chaos-acks.txt"
status=0
$bench chaos-verify --url "$CL_SERVICE_URL" --admin-key "$CL_ADMIN_KEY" --owner-connection "$CL_OWNER_CONNECTION" \
  --acks "$CL_LOCAL/chaos-acks.txt" --run "$run" || status=1
overdrawn=$(pg_psql -d "$db" -tAc "SELECT count(*) FROM workspace_heads WHERE data_credits_available < 0 OR actions_available < 0")
# Auto top-up under kills: each rule made exactly what it counted (never more than maxPerCycle), at most one pending.
top_ups_wrong=$(pg_psql -d "$db" -tAc "
  SELECT count(*) FROM auto_top_up_rules r
  WHERE r.used_count > r.max_per_cycle
     OR r.used_count <> (SELECT count(*) FROM grants g WHERE g.workspace_id = r.workspace_id AND g.currency = r.currency AND g.auto_top_up)
     OR (SELECT count(*) FROM grants g WHERE g.workspace_id = r.workspace_id AND g.currency = r.currency AND g.auto_top_up AND g.status = 'pending') > 1")
top_ups=$(pg_psql -d "$db" -tAc "SELECT count(*) FROM grants WHERE auto_top_up")
echo "  auto top-ups: $top_ups made; rules whose grants differ from their count, pass maxPerCycle or have two pending: $top_ups_wrong"
[ "$top_ups_wrong" = 0 ] && [ "$top_ups" -gt 0 ] || status=1
race_created=$(sed -n 's/.*RACE created=\([0-9]*\).*/\1/p' "$CL_LOCAL/chaos-c.txt")
echo "  overdrawn balances: $overdrawn; racing successes: $race_created (expected 5000)"
[ "$overdrawn" = 0 ] && [ "$race_created" = 5000 ] || status=1
grep -q '500=' "$CL_LOCAL/chaos-a.txt" "$CL_LOCAL/chaos-b.txt" && { echo "  5xx 500 answers seen"; status=1; }
[ "$down_status_wrong" = 0 ] || { echo "  while the database was down, some answer was not 503"; status=1; }
for _ in $(seq 1 120); do # deliveries settle within the retry schedule (about 30 s at most)
  [ "$(pg_psql -d "$db" -tAc "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'")" = 0 ] && break
  sleep 1
done
pg_psql -d "$db" -tAc "SELECT event_id FROM webhook_deliveries" | sort -u > "$CL_LOCAL/chaos-events.txt"
cut -d' ' -f1 "$received" | sort -u > "$CL_LOCAL/chaos-received-ids.txt"
sort -u "$pings" > "$CL_LOCAL/chaos-ping-ids.txt"
undelivered=$(comm -23 "$CL_LOCAL/chaos-events.txt" "$CL_LOCAL/chaos-received-ids.txt" | wc -l)
pings_lost=$(comm -23 "$CL_LOCAL/chaos-ping-ids.txt" "$CL_LOCAL/chaos-events.txt" | wc -l)
failed=$(pg_psql -d "$db" -tAc "SELECT count(*) FROM webhook_deliveries WHERE status <> 'succeeded'")
echo "  webhooks: $(wc -l < "$CL_LOCAL/chaos-events.txt") events in the outbox ($(wc -l < "$CL_LOCAL/chaos-ping-ids.txt") acknowledged pings," \
  "$(grep -c ' balance.low' "$received" || true) balance.low arrivals), $(wc -l < "$received") arrivals;" \
  "undelivered: $undelivered; acknowledged pings missing from the outbox: $pings_lost; deliveries not succeeded: $failed"
[ "$undelivered" = 0 ] && [ "$pings_lost" = 0 ] && [ "$failed" = 0 ] || status=1
for r in "${recovery[@]}"; do awk -v r="$r" 'BEGIN { exit !(r <= 5) }' || { echo "  recovery over 5 s"; status=1; }; done
service_stop

echo "== hostile input: ${CREDITLEDGER_HOSTILE_COUNT:-20000} malformed requests"
pg_provision creditledger_test
CREDITLEDGER_TEST_OWNER_CONNECTION="$CL_OWNER_CONNECTION" CREDITLEDGER_TEST_APP_CONNECTION="$CL_APP_CONNECTION" \
CREDITLEDGER_HOSTILE_COUNT="${CREDITLEDGER_HOSTILE_COUNT:-20000}" \
  dotnet test tests/CreditLedger.Api.Tests -c Release --nologo --filter "FullyQualifiedName~HostileInput" 2>&1 | grep -E "Passed!|Failed!" || status=1

echo
[ $status = 0 ] && echo "chaos: PASSED" || echo "chaos: FAILED"
exit $status
