-- Decisions that depend on time, plan or cycle are taken under the workspace lock (issue: plan races, recordedAt
-- out of sequence). The head row now also keeps:
--   last_recorded_at: the recordedAt of the latest entry, so the next one is never earlier (recordedAt follows sequence);
--   cycle_*_granted:  the highest plan allowance already granted in the current cycle, so a raise grants only what is
--                     above it (lowering and raising again grants nothing twice).
ALTER TABLE workspace_heads
    ADD COLUMN last_recorded_at timestamptz,
    ADD COLUMN cycle_actions_granted numeric(20,4) NOT NULL DEFAULT 0 CHECK (cycle_actions_granted >= 0),
    ADD COLUMN cycle_data_credits_granted numeric(20,4) NOT NULL DEFAULT 0 CHECK (cycle_data_credits_granted >= 0);

UPDATE workspace_heads h SET last_recorded_at = (
    SELECT max(recorded_at) FROM ledger_entries e WHERE e.workspace_id = h.workspace_id);

-- What the current cycle has granted so far: its subscription grants (the cycle's own and any raises, which
-- expire with it); a cycle that started with no allowance falls back to the plan as it is now.
UPDATE workspace_heads h SET
    cycle_actions_granted = greatest(w.plan_actions, coalesce((
        SELECT sum(g.amount) FROM grants g JOIN grants c ON c.workspace_id = g.workspace_id AND c.expires_at = g.expires_at
        WHERE g.workspace_id = h.workspace_id AND g.source = 'subscription' AND g.currency = 'actions'
          AND c.source = 'subscription' AND c.currency = 'actions' AND c.cycle_index = h.cycle_index), 0)),
    cycle_data_credits_granted = greatest(w.plan_data_credits, coalesce((
        SELECT sum(g.amount) FROM grants g JOIN grants c ON c.workspace_id = g.workspace_id AND c.expires_at = g.expires_at
        WHERE g.workspace_id = h.workspace_id AND g.source = 'subscription' AND g.currency = 'data_credits'
          AND c.source = 'subscription' AND c.currency = 'data_credits' AND c.cycle_index = h.cycle_index), 0))
FROM workspaces w WHERE w.id = h.workspace_id;

-- Rollups are sums over time and may exceed one balance's precision; unconstrained numeric (no table rewrite).
ALTER TABLE usage_rollups_hourly ALTER COLUMN actions TYPE numeric, ALTER COLUMN data_credits TYPE numeric;
ALTER TABLE usage_rollups_daily ALTER COLUMN actions TYPE numeric, ALTER COLUMN data_credits TYPE numeric;
