#!/usr/bin/env bash
# One tenant's stalling webhook receivers must not delay another tenant's deliveries, measured from outside on the real
# clock: starts the service (Release) on a fresh database, a receiver that stalls 30 s on every request and a healthy
# one, both on loopback. The attacker workspace points its 10 webhooks (the most a workspace may have) at the stalling
# receiver and sends 48 test pings; then the victim workspace sends 10 pings, one every half second, to the healthy
# receiver, and each is timed from its POST to its arrival. Prints every latency; exits non-zero when the slowest
# victim delivery took 2 s or more (FAIRNESS_LIMIT) or one never arrived.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/service.sh

limit="${FAIRNESS_LIMIT:-2}"
db=creditledger_webhook_fairness
harness_prepare "$db"
stalled="$CL_LOCAL/fairness-stalled.txt"; healthy="$CL_LOCAL/fairness-healthy.txt"; : > "$stalled"; : > "$healthy"
python3 scripts/lib/webhook_receiver.py 5091 "$stalled" 0 30 & stalling=$!
python3 scripts/lib/webhook_receiver.py 5092 "$healthy" 0 & fast=$!
trap 'kill $stalling $fast 2>/dev/null || true; service_stop; pg_psql -d postgres -c "DROP DATABASE IF EXISTS '"$db"' WITH (FORCE)" >/dev/null' EXIT
service_start 5093 CreditLedger__Webhooks__AllowInsecureUrls=true CreditLedger__Webhooks__AllowPrivateNetworks=true \
  CreditLedger__Webhooks__TestPingsPerMinute=1000
call() { curl -fsS -H "Authorization: Bearer $CL_ADMIN_KEY" -H 'Content-Type: application/json' "$CL_SERVICE_URL$@"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
workspace() { call /v1/workspaces -d "{\"name\":\"$1\",\"plan\":{\"name\":\"Pro\",\"actionsPerCycle\":100,\"dataCreditsPerCycle\":10}}" | field 'd["id"]'; }
hook() { call "/v1/workspaces/$1/webhooks" -d "{\"url\":\"http://127.0.0.1:$2/hook\",\"events\":[\"ping\"]}" | field 'd["id"]'; }

attacker=$(workspace Attacker); victim=$(workspace Victim)
attacker_hooks=(); for _ in $(seq 1 10); do attacker_hooks+=("$(hook "$attacker" 5091)"); done
victim_hook=$(hook "$victim" 5092)
for i in $(seq 0 47); do call "/v1/workspaces/$attacker/webhooks/${attacker_hooks[$((i % 10))]}/test" -d '{}' >/dev/null; done
sleep 1 # let the dispatcher take up the attacker's deliveries first: the victim arrives into a stalled dispatcher
echo "attacker: 10 webhooks to a receiver that stalls 30 s, 48 pings queued"

latencies=()
for i in $(seq 1 10); do
  started=$(date +%s.%N)
  event=$(call "/v1/workspaces/$victim/webhooks/$victim_hook/test" -d '{}' | field 'd["eventId"]')
  latency=missing
  for _ in $(seq 1 400); do
    line=$(grep "^$event " "$healthy" || true)
    if [ -n "$line" ]; then latency=$(awk -v s="$started" -v e="${line##* }" 'BEGIN { printf "%.3f", e - s }'); break; fi
    sleep 0.025
  done
  latencies+=("$latency"); echo "victim ping $i: delivered after $latency s"
  sleep 0.5
done
slowest=$(printf '%s\n' "${latencies[@]}" | sort -g | tail -n 1)
echo "victim delivery latency during the attack: slowest $slowest s (limit $limit s)"
printf '%s\n' "${latencies[@]}" | grep -qv missing && awk -v s="$slowest" -v l="$limit" 'BEGIN { exit !(s < l) }' && ! printf '%s\n' "${latencies[@]}" | grep -q missing
