-- Billing anchors (cycles count from an instant the client may set, for workspaces moved from another billing
-- system) and rollover caps (unused subscription credit carried into the next cycle, up to a cap per currency).

ALTER TABLE workspaces ADD COLUMN billing_anchor timestamptz;
UPDATE workspaces SET billing_anchor = created_at;
ALTER TABLE workspaces
    ALTER COLUMN billing_anchor SET NOT NULL,
    ADD CONSTRAINT workspaces_anchor_not_after_creation CHECK (billing_anchor <= created_at),
    ADD COLUMN plan_rollover_actions numeric(20,4) NOT NULL DEFAULT 0 CHECK (plan_rollover_actions >= 0),
    ADD COLUMN plan_rollover_data_credits numeric(20,4) NOT NULL DEFAULT 0 CHECK (plan_rollover_data_credits >= 0);

-- A carried-over remainder is a grant of its own source, drawn before the subscription grant of the same cycle.
ALTER TABLE grants DROP CONSTRAINT grants_source_check;
ALTER TABLE grants ADD CONSTRAINT grants_source_check
    CHECK (source IN ('subscription', 'rollover', 'purchase', 'promotion', 'adjustment'));
-- One rollover per currency per cycle, even when several transactions cross the boundary at once.
CREATE UNIQUE INDEX grants_one_rollover_per_cycle ON grants (workspace_id, currency, cycle_index)
    WHERE source = 'rollover';
ALTER TABLE grants ADD CONSTRAINT grants_rollover_has_cycle CHECK (source <> 'rollover' OR cycle_index IS NOT NULL);
