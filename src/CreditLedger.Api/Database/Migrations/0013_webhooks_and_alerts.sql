-- Webhooks and alerts (Standard Webhooks through a transactional outbox). An event row is written in the transaction of
-- the change that raised it, with one delivery per webhook subscribed to its type; dispatchers claim due deliveries with
-- FOR UPDATE SKIP LOCKED and a lease, so several instances never send one delivery at the same time.
CREATE TABLE webhooks (
    workspace_id  uuid NOT NULL REFERENCES workspaces (id),
    id            uuid NOT NULL,
    url           text NOT NULL,
    events        text[] NOT NULL CHECK (cardinality(events) > 0),
    description   text,
    secret        text NOT NULL,   -- the whsec_ secret, encrypted with ASP.NET Core Data Protection
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id)
);

CREATE TABLE webhook_events (
    workspace_id  uuid NOT NULL REFERENCES workspaces (id),
    id            uuid NOT NULL,
    type          text NOT NULL,
    body          text NOT NULL,   -- the JSON delivered and signed, byte for byte
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id)
);

CREATE TABLE webhook_deliveries (
    workspace_id          uuid NOT NULL,
    id                    uuid NOT NULL,
    webhook_id            uuid NOT NULL,
    event_id              uuid NOT NULL,
    status                text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts              integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_response_status  integer,
    next_attempt_at       timestamptz,
    created_at            timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, webhook_id) REFERENCES webhooks (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, event_id) REFERENCES webhook_events (workspace_id, id),
    CHECK (status <> 'pending' OR next_attempt_at IS NOT NULL)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (workspace_id, webhook_id, created_at DESC, id DESC);

-- Thresholds are settings of the workspace, and the types its webhooks subscribe to are kept beside them (maintained
-- under the workspace lock), so the lock's existing read of the workspace brings both: no statement is added to ingest.
ALTER TABLE workspaces
    ADD COLUMN alert_actions_low_balance numeric(20,4) CHECK (alert_actions_low_balance >= 0),
    ADD COLUMN alert_data_credits_low_balance numeric(20,4) CHECK (alert_data_credits_low_balance >= 0),
    ADD COLUMN alert_expiring_within_days integer NOT NULL DEFAULT 7 CHECK (alert_expiring_within_days BETWEEN 1 AND 90),
    ADD COLUMN webhook_event_types text[] NOT NULL DEFAULT '{}';
-- Alert state per currency, on the head row the lock holds: bit 0/1 low balance raised (actions/data credits),
-- bit 2/3 depleted (a 402 insufficient-credits was raised and no grant has come since).
ALTER TABLE workspace_heads ADD COLUMN alert_state integer NOT NULL DEFAULT 0;

-- Events raised at most once per key: spend_limit.reached per limit, currency and cycle; grant.expiring per grant.
CREATE TABLE alert_marks (
    workspace_id  uuid NOT NULL REFERENCES workspaces (id),
    key           text NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, key)
);

-- ASP.NET Core Data Protection's key ring (Microsoft.AspNetCore.DataProtection.EntityFrameworkCore), so every instance
-- can decrypt the webhook secrets any other one stored.
CREATE TABLE data_protection_keys (
    id             serial PRIMARY KEY,
    friendly_name  text,
    xml            text
);

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_app') THEN
        GRANT SELECT, INSERT, DELETE ON webhooks TO creditledger_app;
        GRANT SELECT, INSERT ON webhook_events, alert_marks TO creditledger_app;
        GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_deliveries TO creditledger_app;
        GRANT SELECT, INSERT ON data_protection_keys TO creditledger_app;
        GRANT USAGE ON SEQUENCE data_protection_keys_id_seq TO creditledger_app;
    END IF;
END $$;
