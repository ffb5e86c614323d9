-- Spend limits: what an admin caps per user, API key or resource (with its descendants) per billing cycle, and the
-- workspace's default cap for workbooks without a limit of their own. Limits are settings, so they may change.
CREATE TABLE spend_limits (
    workspace_id        uuid NOT NULL REFERENCES workspaces (id),
    scope               text NOT NULL CHECK (scope IN ('user', 'api_key', 'resource', 'workbook_default')),
    scope_id            text NOT NULL,
    actions_limit       numeric(20,4) CHECK (actions_limit >= 0),
    data_credits_limit  numeric(20,4) CHECK (data_credits_limit >= 0),
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, scope, scope_id),
    CONSTRAINT spend_limits_default_has_no_id CHECK ((scope = 'workbook_default') = (scope_id = '')),
    CONSTRAINT spend_limits_cap_something CHECK (actions_limit IS NOT NULL OR data_credits_limit IS NOT NULL)
);

-- The engine's running total per limited scope: what it spent in cycle `cycle_index` (charges net of reversals plus
-- pending holds), moved under the workspace lock with every charge, hold, release and reversal, so a charge checks its
-- limits without reading the ledger. A counter of an earlier cycle counts as 0. Never negative: a decrement below zero
-- would mean a counter missed an increment, and the database refuses it.
CREATE TABLE spend_counters (
    workspace_id        uuid NOT NULL REFERENCES workspaces (id),
    scope               text NOT NULL CHECK (scope IN ('user', 'api_key', 'resource')),
    scope_id            text NOT NULL,
    cycle_index         integer NOT NULL CHECK (cycle_index >= 0),
    actions_spent       numeric(20,4) NOT NULL CHECK (actions_spent >= 0),
    data_credits_spent  numeric(20,4) NOT NULL CHECK (data_credits_spent >= 0),
    PRIMARY KEY (workspace_id, scope, scope_id)
);

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_app') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON spend_limits, spend_counters TO creditledger_app;
    END IF;
END $$;
