-- Two workspaces that paid actions only for a long stretch, for scripts/bench-balance-history.sh (inside its transaction,
-- rolled back): each a copy of the first seeded workspace with one data-credit grant 91 days ago (before the seeded
-- range, so the ledger is in time order, as the engine records it), then every actions entry of that workspace.
-- 'carried' writes both balances on each entry, as the engine does; 'legacy' leaves the other balance out, as entries
-- written before the column have it.
CREATE TEMP TABLE bench_source AS SELECT id FROM workspaces ORDER BY id LIMIT 1;
CREATE TEMP TABLE bench_actions_only (name text, id uuid, carried boolean);
INSERT INTO bench_actions_only VALUES ('carried', gen_random_uuid(), true), ('legacy', gen_random_uuid(), false);
INSERT INTO workspaces
SELECT (jsonb_populate_record(NULL::workspaces, to_jsonb(w) || jsonb_build_object('id', s.id))).*
FROM workspaces w, bench_actions_only s
WHERE w.id = (SELECT id FROM bench_source);
INSERT INTO ledger_entries (workspace_id, sequence, id, type, currency, amount, balance_after, occurred_at, recorded_at, hash,
    other_balance_after)
SELECT s.id, 1, gen_random_uuid(), 'grant', 'data_credits', 500, 500, now() - interval '91 days', now() - interval '91 days',
       '\x00'::bytea, CASE WHEN s.carried THEN 0 END
FROM bench_actions_only s;
INSERT INTO ledger_entries (workspace_id, sequence, id, type, currency, amount, balance_after, occurred_at, recorded_at, hash,
    other_balance_after)
SELECT s.id, 1 + row_number() OVER (PARTITION BY s.id ORDER BY e.sequence), gen_random_uuid(), 'charge', 'actions', -1, 0,
       e.occurred_at, e.recorded_at, '\x00'::bytea, CASE WHEN s.carried THEN 500 END
FROM ledger_entries e, bench_actions_only s
WHERE e.workspace_id = (SELECT id FROM bench_source)
  AND e.currency = 'actions';
ANALYZE ledger_entries;
