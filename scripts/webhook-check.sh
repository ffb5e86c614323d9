#!/usr/bin/env bash
# The #15 "done when" from outside, on the real clock: starts the service (Release) on a fresh database and a webhook
# receiver on loopback, creates a workspace with a data-credit low-balance threshold of 5 and a webhook, then
#   1. spends the balance below the threshold and times the arrival of balance.low (expects under 2 s),
#   2. asks for more than is left (402) and waits for balance.depleted,
#   3. tops up and waits for balance.recovered,
# and prints each latency. Exits non-zero when an event is missing or balance.low took 2 s or more.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/service.sh

db=creditledger_webhook_check
harness_prepare "$db"
received="$CL_LOCAL/webhook-check-received.txt"; : > "$received"
python3 scripts/lib/webhook_receiver.py 5097 "$received" 0 & receiver=$!
trap 'kill $receiver 2>/dev/null || true; service_stop; pg_psql -d postgres -c "DROP DATABASE IF EXISTS '"$db"' WITH (FORCE)" >/dev/null' EXIT
service_start 5095 CreditLedger__Webhooks__AllowInsecureUrls=true CreditLedger__Webhooks__AllowPrivateNetworks=true
call() { curl -fsS -H "Authorization: Bearer $CL_ADMIN_KEY" -H 'Content-Type: application/json' "$CL_SERVICE_URL$@"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# Seconds from $1 (Unix time) until a line of type $2 arrives (up to 10 s), or "missing".
arrival() {
  for _ in $(seq 1 200); do
    line=$(grep " $2 " "$received" | tail -n 1 || true)
    if [ -n "$line" ]; then awk -v s="$1" -v e="${line##* }" 'BEGIN { printf "%.3f", e - s }'; return; fi
    sleep 0.05
  done
  echo missing
}

id=$(call /v1/workspaces -d '{"name":"Webhook check","plan":{"name":"Pro","actionsPerCycle":100,"dataCreditsPerCycle":10}}' | field 'd["id"]')
call "/v1/workspaces/$id/webhooks" -d '{"url":"http://127.0.0.1:5097/hook","events":["balance.low","balance.depleted","balance.recovered"]}' >/dev/null
call "/v1/workspaces/$id/alerts" -X PUT -d '{"dataCredits":{"lowBalance":5}}' >/dev/null
spend() { curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $CL_ADMIN_KEY" -H 'Content-Type: application/json' \
  "$CL_SERVICE_URL/v1/workspaces/$id/usage" -d "{\"idempotencyKey\":\"$1\",\"kind\":\"enrichment\",\"integration\":\"leadmagic\",\"service\":\"email_finder\",\"outcome\":\"success\",\"quantity\":$2}"; }

started=$(date +%s.%N); status=$(spend e1 6)
low=$(arrival "$started" balance.low)
echo "1. usage leaving 4 of 10 data credits ($status): balance.low after $low s"
started=$(date +%s.%N); status=$(spend e2 5)
depleted=$(arrival "$started" balance.depleted)
echo "2. asking for 5 with 4 left ($status): balance.depleted after $depleted s"
started=$(date +%s.%N)
call "/v1/workspaces/$id/grants" -d '{"idempotencyKey":"top-up","currency":"data_credits","amount":10,"source":"purchase"}' >/dev/null
recovered=$(arrival "$started" balance.recovered)
echo "3. a top-up of 10: balance.recovered after $recovered s"
[ "$low" != missing ] && [ "$depleted" != missing ] && [ "$recovered" != missing ] && awk -v l="$low" 'BEGIN { exit !(l < 2) }'
