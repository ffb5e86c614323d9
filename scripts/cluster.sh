#!/usr/bin/env bash
# Three service instances on loopback behind HAProxy (round robin, health-checked on /health/ready), on the local
# PostgreSQL (installed and started like scripts/run.sh does) with a hot standby of it (pg_basebackup, streaming, the
# next port) that the instances read reports from (ConnectionStrings:LedgerReplica). Prints the balancer's URL and the
# admin key, checks that the instances act as one (a key revoked through one is refused by the others at once) and
# that reports come from the standby, then serves until Ctrl-C. --check: run the checks and stop. Env: CLUSTER_INSTANCES (3), CL_CLUSTER_BASE (5100: balancer; instances
# on the next ports).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/service.sh
source scripts/lib/cluster.sh

instances="${CLUSTER_INSTANCES:-3}"
db="${CLUSTER_DATABASE:-creditledger_cluster}"
cluster_install
harness_prepare "$db"
pg_start_standby
CL_INSTANCE_ENV=("ConnectionStrings__LedgerReplica=Host=127.0.0.1;Port=$CL_STANDBY_PORT;Username=$CL_APP_ROLE;Password=$CL_PG_PASSWORD;Database=$db;SSL Mode=Disable")
export CL_ADMIN_KEY="${CL_ADMIN_KEY:-$(random_admin_key cluster-admin)}"
trap cluster_stop EXIT
for i in $(seq 1 "$instances"); do instance_start "$i"; done
balancer_start "$instances"
echo "== $instances instances on ports $(instance_port 1)-$(instance_port "$instances"), HAProxy on $CL_BALANCER_URL, hot standby on port $CL_STANDBY_PORT"
echo "   admin key: $CL_ADMIN_KEY (Swagger UI: $CL_BALANCER_URL/swagger)"

admin() { curl -fsS -H "Authorization: Bearer $CL_ADMIN_KEY" -H 'Content-Type: application/json' "$@"; }
status_on() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $2" "http://127.0.0.1:$(instance_port "$1")$3"; }

echo "== Check: the instances act as one"
ws=$(admin -X POST "$CL_BALANCER_URL/v1/workspaces" -d '{"name":"Cluster check","plan":{"name":"Pro","actionsPerCycle":1000,"dataCreditsPerCycle":100}}' \
  | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -n 1)
key_json=$(admin -X POST "$CL_BALANCER_URL/v1/workspaces/$ws/api-keys" -d '{"name":"cluster"}')
key=$(echo "$key_json" | sed -n 's/.*"key":"\([^"]*\)".*/\1/p'); key_id=$(echo "$key_json" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
for i in $(seq 1 "$instances"); do # every instance accepts the key (and caches it)
  [ "$(status_on "$i" "$key" "/v1/workspaces/$ws")" = 200 ] || { echo "instance $i refuses a valid key" >&2; exit 1; }
done
for n in $(seq 1 30); do # events through the balancer, spread over every instance
  curl -fsS -o /dev/null -X POST "$CL_BALANCER_URL/v1/workspaces/$ws/usage" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"idempotencyKey\":\"check-$n\",\"kind\":\"enrichment\",\"integration\":\"leadmagic\",\"service\":\"email_finder\",\"outcome\":\"success\"}"
done
balance=$(admin "$CL_BALANCER_URL/v1/workspaces/$ws/balance")
echo "   30 events through the balancer; balance: $(echo "$balance" | tr -d '\n' | cut -c1-160)"
admin -o /dev/null -X DELETE "http://127.0.0.1:$(instance_port 1)/v1/workspaces/$ws/api-keys/$key_id"
revoked_at=$(date +%s%N)
for i in $(seq 2 "$instances"); do
  until [ "$(status_on "$i" "$key" "/v1/workspaces/$ws")" = 401 ]; do
    [ $(( ($(date +%s%N) - revoked_at) / 1000000 )) -lt 10000 ] || { echo "instance $i still accepts the revoked key" >&2; exit 1; }
  done
  echo "   key revoked through instance 1: refused by instance $i after $(( ($(date +%s%N) - revoked_at) / 1000000 )) ms (its cache lives 10 s)"
done
replica_reads() { # reports answered by the standby, summed over the instances' /metrics
  local total=0 i
  for i in $(seq 1 "$instances"); do
    total=$((total + $(curl -fsS -H "Authorization: Bearer $CL_ADMIN_KEY" "http://127.0.0.1:$(instance_port "$i")/metrics" \
      | awk '/^creditledger_reads_total/ && /source="replica"/ { s += $NF } END { printf "%d", s }')))
  done
  echo "$total"
}
before=$(replica_reads)
for _ in $(seq 1 100); do # the standby catches up within moments; until then reports come from the primary
  admin -o /dev/null "$CL_BALANCER_URL/v1/workspaces/$ws/reports/integrations?from=$(date -u -d '-1 day' +%FT%TZ)&to=$(date -u -d '+1 day' +%FT%TZ)"
  [ "$(replica_reads)" -gt "$before" ] && break
  sleep 0.1
done
[ "$(replica_reads)" -gt "$before" ] || { echo "no report was read from the standby" >&2; exit 1; }
echo "   reports through the balancer are read from the standby ($(replica_reads) so far)"
echo "   check passed"
[ "${1:-}" = --check ] && exit 0
echo "== Serving; Ctrl-C stops the instances and the balancer"
while true; do sleep 3600; done
