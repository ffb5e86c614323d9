-- Where the credits went: resources (folders, workbooks, tables) attribute usage; scoped API keys; the key that
-- recorded each entry.

-- Resources are a mutable tree (moves, renames, soft deletes); the ledger and usage refer to them by id only, so a
-- move re-attributes history in the next report. Ids are the client's own.
CREATE TABLE resources (
    workspace_id  uuid NOT NULL REFERENCES workspaces (id),
    id            text NOT NULL CHECK (id ~ '^[A-Za-z0-9_.:-]{1,128}$'),
    kind          text NOT NULL CHECK (kind IN ('folder', 'workbook', 'table')),
    name          text NOT NULL,
    parent_id     text,
    owner_user_id uuid,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    deleted_at    timestamptz,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, parent_id) REFERENCES resources (workspace_id, id),
    FOREIGN KEY (workspace_id, owner_user_id) REFERENCES users (workspace_id, id),
    CHECK (parent_id IS NULL OR parent_id <> id),
    CHECK (kind <> 'table' OR parent_id IS NOT NULL)
);
CREATE INDEX resources_children ON resources (workspace_id, parent_id);

-- Attribution columns: NULL for rows written before this migration (ADD COLUMN without a default rewrites nothing).
ALTER TABLE usage_events ADD COLUMN resource_id text, ADD COLUMN api_key_id uuid;
ALTER TABLE ledger_entries ADD COLUMN resource_id text, ADD COLUMN api_key_id uuid;
ALTER TABLE enrichments ADD COLUMN resource_id text, ADD COLUMN api_key_id uuid;

-- Scopes a workspace key holds (a key minted before scopes existed holds all three), and when it was last used.
ALTER TABLE api_keys
    ADD COLUMN scopes text[] NOT NULL DEFAULT ARRAY['usage:write', 'reports:read', 'manage'],
    ADD COLUMN last_used_at timestamptz,
    ADD CONSTRAINT api_keys_known_scopes CHECK (scopes <@ ARRAY['usage:write', 'reports:read', 'manage']);

-- The facts reports read: a reversal is attributed to the key of the entry it reverses (the reversal itself is an
-- admin's), so per-key figures net out like every other dimension.
CREATE OR REPLACE VIEW usage_facts AS
SELECT workspace_id, occurred_at, kind, user_id, integration, service,
       0::numeric AS actions, 0::numeric AS data_credits, 1 AS events,
       (kind = 'enrichment')::int AS attempts, (kind = 'enrichment' AND outcome = 'success')::int AS successes,
       resource_id, api_key_id
FROM usage_events
UNION ALL
SELECT e.workspace_id, e.occurred_at, e.kind, e.user_id, e.integration, e.service,
       CASE WHEN e.currency = 'actions' THEN -e.amount ELSE 0 END,
       CASE WHEN e.currency = 'data_credits' THEN -e.amount ELSE 0 END,
       0, 0, 0,
       e.resource_id,
       CASE WHEN e.type = 'reversal' THEN (SELECT o.api_key_id FROM ledger_entries o
                                           WHERE o.workspace_id = e.workspace_id AND o.id = e.reverses_entry_id)
            ELSE e.api_key_id END
FROM ledger_entries e
WHERE e.usage_id IS NOT NULL AND e.type IN ('charge', 'reversal');

-- Resource and key become rollup dimensions, so resource and per-key reports stay on the rollups.
DROP INDEX usage_rollups_key;
DROP INDEX usage_rollups_daily_key;
DROP INDEX usage_rollups_quarter_key;
ALTER TABLE usage_rollups_hourly ADD COLUMN resource_id text, ADD COLUMN api_key_id uuid;
ALTER TABLE usage_rollups_daily ADD COLUMN resource_id text, ADD COLUMN api_key_id uuid;
ALTER TABLE usage_rollups_quarter ADD COLUMN resource_id text, ADD COLUMN api_key_id uuid;
CREATE UNIQUE INDEX usage_rollups_key ON usage_rollups_hourly
    (workspace_id, bucket_hour, kind, user_id, integration, service, resource_id, api_key_id)
    INCLUDE (actions, data_credits, events, attempts, successes) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX usage_rollups_daily_key ON usage_rollups_daily
    (workspace_id, bucket_day, kind, user_id, integration, service, resource_id, api_key_id)
    INCLUDE (actions, data_credits, events, attempts, successes) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX usage_rollups_quarter_key ON usage_rollups_quarter
    (workspace_id, bucket_quarter, kind, user_id, integration, service, resource_id, api_key_id)
    INCLUDE (actions, data_credits, events, attempts, successes) NULLS NOT DISTINCT;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_app') THEN
        GRANT SELECT ON resources, usage_facts TO creditledger_app;
        GRANT INSERT ON resources TO creditledger_app;
        -- Resources are soft-deleted (deleted_at), never removed: reports keep their history.
        GRANT UPDATE (kind, name, parent_id, owner_user_id, updated_at, deleted_at) ON resources TO creditledger_app;
        GRANT UPDATE (last_used_at) ON api_keys TO creditledger_app;
    END IF;
END $$;
