#!/usr/bin/env bash
# Failover drill (loopback, about 2 minutes, stops by itself). Builds a primary and a *synchronous* hot standby of
# its own (Debian clusters drill_primary and drill_standby; synchronous_commit = on, synchronous_standby_names), starts
# the service on a multi-host connection string (Target Session Attributes=primary), and under load (clients retrying
# with the same keys until acknowledged) crashes the primary (pg_ctl stop -m immediate), waits DRILL_DETECT_SECONDS
# (2, what a failure detector would take), promotes the standby, and measures the downtime until a write succeeds.
# Then on the new primary: every acknowledged event recorded once, balances = Σ ledger, chains valid; and no client
# saw a 500 (503 while no primary was reachable). The drill's clusters are dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/service.sh

db=creditledger
run="drill$(date +%s)"
primary_port="${DRILL_PRIMARY_PORT:-5440}"; standby_port="${DRILL_STANDBY_PORT:-5441}"
pg_install
version="$(pg_latest_version)"
drop_clusters() {
  for c in drill_primary drill_standby; do
    as_root pg_dropcluster --stop "$version" "$c" 2>/dev/null || true
  done
}
drop_clusters
trap 'service_stop; drop_clusters' EXIT

echo "== primary $version/drill_primary on $primary_port, synchronous standby $version/drill_standby on $standby_port"
as_root pg_createcluster "$version" drill_primary -p "$primary_port" >/dev/null
pg_cluster_start "$version" drill_primary
CL_PG_PORT="$primary_port" CL_PG_VERSION="$version"
CL_PG_PASSWORD="$(pg_password)"
pg_ensure_roles "$CL_PG_PASSWORD"
pg_ensure_database "$db"
pg_psql -d postgres -c "CREATE ROLE creditledger_replicator LOGIN REPLICATION PASSWORD '$CL_PG_PASSWORD'" >/dev/null
as_root pg_createcluster "$version" drill_standby -p "$standby_port" >/dev/null
standby_data="$(pg_cluster_column "$version" drill_standby 6)"
as_root rm -rf "$standby_data"
as_postgres env PGPASSWORD="$CL_PG_PASSWORD" pg_basebackup -h 127.0.0.1 -p "$primary_port" -U creditledger_replicator \
  -D "$standby_data" -R -X stream -c fast -d "application_name=drill_standby"
pg_cluster_start "$version" drill_standby
# Synchronous from here on (set once the standby exists: until then every commit would wait for it).
pg_psql -d postgres -c "ALTER SYSTEM SET synchronous_standby_names = 'drill_standby'" -c "ALTER SYSTEM SET synchronous_commit = on" \
  -c "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 1 100); do
  [ "$(pg_psql -d postgres -tAc "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'drill_standby'")" = sync ] && break
  sleep 0.1
done
echo "   standby streaming: $(pg_psql -d postgres -tAc "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'drill_standby'")"

# Both hosts, the primary wherever it is; host states rechecked every second instead of Npgsql's default 10 s.
hosts="Host=127.0.0.1:$primary_port,127.0.0.1:$standby_port;Target Session Attributes=primary;Host Recheck Seconds=1;Timeout=3;SSL Mode=Disable"
CL_APP_CONNECTION="$hosts;Username=$CL_APP_ROLE;Password=$CL_PG_PASSWORD;Database=$db"
CL_OWNER_CONNECTION="$hosts;Username=$CL_OWNER_ROLE;Password=$CL_PG_PASSWORD;Database=$db"
dotnet build src/CreditLedger.Api -c Release --nologo -v quiet >/dev/null
dotnet build tests/CreditLedger.Bench -c Release --nologo -v quiet >/dev/null
bench="dotnet tests/CreditLedger.Bench/bin/Release/net10.0/CreditLedger.Bench.dll"
export CL_ADMIN_KEY="$(random_admin_key "drill-admin-$run")"
service_start 5097
$bench setup-ingest --url "$CL_SERVICE_URL" --admin-key "$CL_ADMIN_KEY" --workspaces 10 --out "$CL_LOCAL/drill-workspaces.txt" >/dev/null
read -r probe_ws probe_key < "$CL_LOCAL/drill-workspaces.txt"
write_ok() { # one new event: did the service acknowledge it?
  curl -s -o /dev/null -w '%{http_code}' -m 5 -X POST "$CL_SERVICE_URL/v1/workspaces/$probe_ws/usage" \
    -H "Authorization: Bearer $probe_key" -H 'Content-Type: application/json' \
    -d "{\"idempotencyKey\":\"probe-$run-$1\",\"kind\":\"export\"}" | grep -q '^20[01]$'
}

echo "== load for 40 s; the primary crashes after 12 s"
$bench chaos-load --url "$CL_SERVICE_URL" --workspaces-file "$CL_LOCAL/drill-workspaces.txt" --out "$CL_LOCAL/drill-acks.txt" \
  --run "$run" --seconds 40 --workers 16 > "$CL_LOCAL/drill-load.txt" &
load=$!
sleep 12
as_root pg_ctlcluster "$version" drill_primary stop -m immediate
crashed=$(date +%s.%N)
echo "   primary stopped (immediate: a crash)"
sleep 1
while_down=$(curl -s -o /dev/null -w '%{http_code}' -m 5 -X POST "$CL_SERVICE_URL/v1/workspaces/$probe_ws/usage" \
  -H "Authorization: Bearer $probe_key" -H 'Content-Type: application/json' -d "{\"idempotencyKey\":\"probe-$run-down\",\"kind\":\"export\"}")
ready_while_down=$(curl -s -o /dev/null -w '%{http_code}' "$CL_SERVICE_URL/health/ready")
sleep "${DRILL_DETECT_SECONDS:-2}"
as_root pg_ctlcluster "$version" drill_standby promote
promoted=$(date +%s.%N)
n=0
until write_ok "$n"; do n=$((n + 1)); sleep 0.05; done
recovered=$(date +%s.%N)
wait $load || true
cat "$CL_LOCAL/drill-load.txt"

echo "== on the new primary ($version/drill_standby)"
status=0
owner_new="Host=127.0.0.1;Port=$standby_port;Username=$CL_OWNER_ROLE;Password=$CL_PG_PASSWORD;Database=$db;SSL Mode=Disable"
$bench chaos-verify --url "$CL_SERVICE_URL" --admin-key "$CL_ADMIN_KEY" --owner-connection "$owner_new" \
  --acks "$CL_LOCAL/drill-acks.txt" --run "$run" || status=1
grep -q '500=' "$CL_LOCAL/drill-load.txt" && { echo "  500 answers seen"; status=1; }
[ "$while_down" = 503 ] && [ "$ready_while_down" = 503 ] || { echo "  while no primary was reachable: write $while_down, ready $ready_while_down (expected 503)"; status=1; }
awk -v c="$crashed" -v p="$promoted" -v r="$recovered" -v w="$while_down" -v h="$ready_while_down" 'BEGIN {
  printf "  while no primary: a write answered %s, /health/ready %s\n", w, h
  printf "  downtime: %.1f s from the crash to the first acknowledged write (%.1f s of it before the promotion, %.1f s after)\n", r - c, p - c, r - p }'
[ "$status" = 0 ] && echo "failover drill: PASSED" || echo "failover drill: FAILED"
exit $status
