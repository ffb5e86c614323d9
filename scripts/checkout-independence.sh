#!/usr/bin/env bash
# Proves that a second checkout on this machine never disturbs the first. Starts this checkout's service on its own
# database (as run.sh would) with connection pooling off, so every request opens a new connection and would fail the
# moment anything changed the roles' passwords or the database under it; polls it every 50 ms; meanwhile clones the
# repository to a temporary directory, runs the clone's scripts/run.sh on another port until it answers, and runs a
# smoke subset of the clone's tests with its scripts/test.sh. Fails if one poll of the first service failed, the
# clone's service used this checkout's database, or the clone's tests failed. Takes about five minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/service.sh

port="${FIRST_PORT:-5098}" clone_port="${CLONE_PORT:-5099}"
smoke="${SMOKE_FILTER:-FullyQualifiedName~EstimateTests|FullyQualifiedName~DatabaseRoleTests|FullyQualifiedName~ReadmeQuickstart|FullyQualifiedName~MigrationChecksum}"
pg_install; pg_start_cluster
pg_provision "$CL_CHECKOUT_DB"
first_db="$CL_CHECKOUT_DB"
CL_APP_CONNECTION="$CL_APP_CONNECTION;Pooling=false"
dotnet build src/CreditLedger.Api -c Release --nologo -v quiet >/dev/null

work="$(mktemp -d)"; clone="$work/clone"
chmod 755 "$work" # the clone's scripts run psql as postgres from inside it
poller="" clone_service=""
cleanup() {
  touch "$work/stop"
  [ -n "$poller" ] && wait "$poller" 2>/dev/null || true
  [ -n "$clone_service" ] && kill -- "-$clone_service" 2>/dev/null || true
  service_stop
  rm -rf "$work"
}
trap cleanup EXIT
service_start "$port"
echo "first checkout: $CL_SERVICE_URL on database $first_db"

# Every 50 ms a read and a write (a user added) through fresh connections; each failure is one line in failures.
(
  n=0
  workspace=$(curl -fsS -X POST "$CL_SERVICE_URL/v1/workspaces" -H "Authorization: Bearer $CL_ADMIN_KEY" -H 'Content-Type: application/json' \
    -d '{"name":"Independence probe","plan":{"name":"Pro","actionsPerCycle":10,"dataCreditsPerCycle":10}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while [ ! -f "$work/stop" ]; do
    n=$((n + 1))
    curl -fsS -o /dev/null "$CL_SERVICE_URL/v1/workspaces/$workspace/balance" -H "Authorization: Bearer $CL_ADMIN_KEY" \
      || echo "$(date +%T.%N) read failed" >> "$work/failures"
    curl -fsS -o /dev/null -X POST "$CL_SERVICE_URL/v1/workspaces/$workspace/users" -H "Authorization: Bearer $CL_ADMIN_KEY" \
      -H 'Content-Type: application/json' -d "{\"email\":\"probe-$n@example.com\",\"name\":\"Probe $n\"}" \
      || echo "$(date +%T.%N) write failed" >> "$work/failures"
    echo "$n" > "$work/polls"
    sleep 0.05
  done
) &
poller=$!

git clone -q . "$clone"
echo "second checkout: $clone"
# The clone's first README command: its service, on its own port, until it answers.
# A session of its own, so stopping it stops its dotnet too.
setsid bash -c "cd '$clone' && CREDITLEDGER_URLS=http://127.0.0.1:$clone_port exec bash scripts/run.sh" > "$work/clone-run.log" 2>&1 &
clone_service=$!
for _ in $(seq 1 1500); do # up to 5 minutes: it builds first
  curl -fsS "http://127.0.0.1:$clone_port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$clone_service" 2>/dev/null || { cat "$work/clone-run.log" >&2; echo "the clone's run.sh exited" >&2; exit 1; }
  sleep 0.2
done
clone_db="$(cd "$clone" && bash -c 'source scripts/lib/postgres.sh; echo "$CL_CHECKOUT_DB"')"
echo "the clone's service answers on port $clone_port, database $clone_db"
[ "$clone_db" != "$first_db" ] || { echo "the clone shares this checkout's database" >&2; exit 1; }
kill -- "-$clone_service" 2>/dev/null || true; clone_service=""

# The clone's second README command, on a smoke subset.
status=0
(cd "$clone" && bash scripts/test.sh --filter "$smoke") | tail -n 1 | tee "$work/clone-tests" || status=1
grep -q " 0 failed" "$work/clone-tests" || status=1

touch "$work/stop"; wait "$poller" 2>/dev/null || true; poller=""
polls="$(cat "$work/polls" 2>/dev/null || echo 0)"
failures=0; [ ! -f "$work/failures" ] || failures="$(wc -l < "$work/failures")"
echo "first checkout's service: $polls polls (a read and a write each) while the clone ran, $failures failed"
[ "$failures" -eq 0 ] && [ "$polls" -gt 0 ] && [ "$status" -eq 0 ]
