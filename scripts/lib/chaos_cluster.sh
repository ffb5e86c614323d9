#!/usr/bin/env bash
# scripts/chaos.sh --cluster: three instances behind HAProxy take single events and batches through the balancer
# (clients retry with the same keys until acknowledged) while the instances are killed one at a time (SIGKILL, then
# restarted, waiting until it is ready again before the next) for CLUSTER_CHAOS_SECONDS (120); then: 0 lost, 0 duplicated, balances = Σ ledger, chains valid, rollups
# equal a rebuild, no overdraft, and no 500 seen by a client.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/postgres.sh
source scripts/lib/service.sh
source scripts/lib/cluster.sh

db=creditledger_chaos_cluster
run="cluster$(date +%s)"
seconds="${CLUSTER_CHAOS_SECONDS:-120}"
cluster_install
harness_prepare "$db"
export CL_ADMIN_KEY="$(random_admin_key "chaos-admin-$run")"
trap cluster_stop EXIT
for i in 1 2 3; do instance_start "$i"; done
balancer_start 3
$CL_BENCH setup-ingest --url "$CL_BALANCER_URL" --admin-key "$CL_ADMIN_KEY" --workspaces 10 --out "$CL_LOCAL/cluster-workspaces.txt" >/dev/null

echo "== load through $CL_BALANCER_URL for ${seconds} s while instances are killed one at a time"
$CL_BENCH chaos-load --url "$CL_BALANCER_URL" --workspaces-file "$CL_LOCAL/cluster-workspaces.txt" --out "$CL_LOCAL/cluster-acks.txt" \
  --run "$run" --seconds "$seconds" --workers 16 > "$CL_LOCAL/cluster-load.txt" &
load=$!
kills=0
deadline=$(( $(date +%s) + seconds - 5 ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.1f", 2 + (r % 30) / 10 }')"
  victim=$(( kills % 3 + 1 ))
  instance_kill "$victim" KILL
  kills=$((kills + 1))
  started=$(date +%s.%N)
  instance_start "$victim"
  echo "  kill $kills: instance $victim (SIGKILL); the other two served while it restarted ($(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s to ready)"
done
wait $load || true
cat "$CL_LOCAL/cluster-load.txt"

echo "== invariants"
status=0
$CL_BENCH chaos-verify --url "$CL_BALANCER_URL" --admin-key "$CL_ADMIN_KEY" --owner-connection "$CL_OWNER_CONNECTION" \
  --acks "$CL_LOCAL/cluster-acks.txt" --run "$run" || status=1
overdrawn=$(pg_psql -d "$db" -tAc "SELECT count(*) FROM workspace_heads WHERE data_credits_available < 0 OR actions_available < 0")
echo "  overdrawn balances: $overdrawn; instances killed: $kills"
[ "$overdrawn" = 0 ] || status=1
grep -q '500=' "$CL_LOCAL/cluster-load.txt" && { echo "  500 answers seen"; status=1; }
[ "$status" = 0 ] && echo "cluster chaos: PASSED" || echo "cluster chaos: FAILED"
exit $status
