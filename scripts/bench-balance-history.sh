#!/usr/bin/env bash
# The balance history's statement against the one it replaced (ADR 32), on the 10M-entry ledger of bench-reports.sh:
# EXPLAIN (ANALYZE, BUFFERS) of a 30-day daily history for
#   - the seeded workspaces, where both currencies move every day;
#   - a workspace that paid actions only for a long stretch (one data-credit grant 91 days ago, then every actions
#     entry of a seeded workspace), its entries carrying both balances;
#   - the same workspace with entries written before the ledger kept the other balance (the statement's fallback).
# Everything runs in one transaction that is rolled back: the ledger is left as it was. The statement measured is the
# one in src/CreditLedger.Api/Engine/BalanceHistory.cs, read from the source.
# Options via env: BENCH_DATABASE (default creditledger_bench_reports), BENCH_WORKSPACES (seeded workspaces, default 50),
# BENCH_REPEAT (runs of each synthetic case, default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh

database="${BENCH_DATABASE:-creditledger_bench_reports}"
workspaces="${BENCH_WORKSPACES:-50}"
repeat="${BENCH_REPEAT:-3}"
pg_install; pg_start_cluster
pg_database_exists "$database" || { echo "No database $database: seed it first with bash scripts/bench-reports.sh" >&2; exit 1; }

current="$(awk '/Statement = """/ {on = 1; next} on && /""";/ {exit} on' src/CreditLedger.Api/Engine/BalanceHistory.cs)"
[ -n "$current" ] || { echo "BalanceHistory.Statement not found in src/CreditLedger.Api/Engine/BalanceHistory.cs" >&2; exit 1; }
before="$(cat scripts/bench/balance-history-before.sql)"
explain() { echo "\\echo @$1 $2"; echo "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE $2(:'w', :'instants');"; }

{
  echo "BEGIN;"
  # Planned for each execution's values, as the service's unprepared statements are.
  echo "SET LOCAL plan_cache_mode = force_custom_plan;"
  echo "SELECT array_agg(d)::text AS instants FROM generate_series(date_trunc('day', now()) - interval '28 days',"
  echo "  date_trunc('day', now()) + interval '1 day', interval '1 day') AS d \\gset"
  echo "PREPARE current_statement(uuid, timestamptz[]) AS $current;"
  echo "PREPARE statement_before(uuid, timestamptz[]) AS $before;"
  cat scripts/bench/balance-history-actions-only.sql
  seeded="$(pg_psql -d "$database" -Atc "SELECT id FROM workspaces ORDER BY id LIMIT $workspaces")"
  # A first pass reads what either statement needs into the buffers, so that neither pays the other's first reads.
  for pass in warm-up seeded; do
    for w in $seeded; do echo "\\set w $w"; explain "$pass" current_statement; explain "$pass" statement_before; done
  done
  for case in carried legacy; do
    echo "SELECT id AS w FROM bench_actions_only WHERE name = '$case' \\gset"
    for _ in $(seq "$repeat"); do explain "actions-only,$case" current_statement; explain "actions-only,$case" statement_before; done
  done
  echo "ROLLBACK;"
} | pg_psql -d "$database" -At | python3 -c '
import json, sys, statistics
runs, label, text = {}, None, ""
def skipped(node):  # entries an index step read and the filter dropped, over all loops of every node
    own = node.get("Rows Removed by Filter", 0) * node.get("Actual Loops", 1)
    return own + sum(skipped(child) for child in node.get("Plans", []))
def flush():
    if label and text.strip():
        plan = json.loads(text)[0]
        runs.setdefault(label, []).append((plan["Execution Time"], skipped(plan["Plan"]),
            plan["Plan"]["Shared Hit Blocks"] + plan["Plan"]["Shared Read Blocks"]))
for line in sys.stdin:
    if line.startswith("@"):
        flush(); label, text = tuple(line[1:].split()), ""
    elif label:
        text += line
flush()
if not runs:
    sys.exit("no plans read")
print("| workspaces | entries carry both balances | statement | runs | median execution | entries stepped over (about) | buffers |")
print("|---|---|---|---|---|---|---|")
for (case, statement), r in sorted(runs.items()):
    if case == "warm-up":
        continue
    kind, _, carried = case.partition(",")
    both = {"": "yes", "carried": "yes", "legacy": "no"}[carried]
    print(f"| {kind} | {both} | {statement} | {len(r)} | {statistics.median(x[0] for x in r):.2f} ms "
          f"| {statistics.mean(x[1] for x in r):,.0f} | {statistics.mean(x[2] for x in r):,.0f} |")
'
