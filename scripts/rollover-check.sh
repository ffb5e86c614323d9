#!/usr/bin/env bash
# Checks a billing boundary from outside, on the real clock: starts the service (Release) on a fresh database, creates
# a workspace whose billing anchor puts its cycle's end 8 seconds from now (allowance 50 actions / 20 data credits,
# data credit rollover cap 15), spends 2 of each, waits for the boundary and expects 50 actions and 20 + 15 data
# credits (18 unused, capped at 15). Exits non-zero when the balance differs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/service.sh

harness_prepare creditledger_rollover_check
trap 'service_stop; pg_psql -d postgres -c "DROP DATABASE IF EXISTS creditledger_rollover_check WITH (FORCE)" >/dev/null' EXIT
service_start 5095
call() { curl -fsS -H "Authorization: Bearer $CL_ADMIN_KEY" -H 'Content-Type: application/json' "$CL_SERVICE_URL$@"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

anchor=$(date -u -d "$(date -u +%Y-%m-%dT%H:%M:%S) 1 month ago 8 seconds" +%Y-%m-%dT%H:%M:%SZ)
id=$(call /v1/workspaces -d "{\"name\":\"Rollover check\",\"billingAnchor\":\"$anchor\",
  \"plan\":{\"name\":\"Pro\",\"actionsPerCycle\":50,\"dataCreditsPerCycle\":20,\"rollover\":{\"dataCredits\":15}}}" | field 'd["id"]')
call "/v1/workspaces/$id/usage" -d '{"idempotencyKey":"e1","kind":"enrichment","integration":"leadmagic","service":"email_finder","outcome":"success","quantity":2}' >/dev/null
echo "before the boundary: $(call "/v1/workspaces/$id/balance" | field '(d["actions"]["available"], d["dataCredits"]["available"], d["cycle"]["end"])')"
sleep 10
after=$(call "/v1/workspaces/$id/balance" | field '(d["actions"]["available"], d["dataCredits"]["available"])')
echo "after the boundary:  $after (expected (50, 35))"
[ "$after" = "(50, 35)" ]
