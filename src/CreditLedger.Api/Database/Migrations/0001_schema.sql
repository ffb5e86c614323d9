-- CreditLedger schema. Every workspace-owned table is keyed by workspace_id first so the schema can be
-- distributed by workspace (Citus) later. Amounts are numeric(20,4): never floating point.

CREATE TABLE workspaces (
    id                uuid PRIMARY KEY,
    name              text NOT NULL,
    time_zone         text NOT NULL,
    plan_name         text NOT NULL,
    plan_actions      numeric(20,4) NOT NULL CHECK (plan_actions >= 0),
    plan_data_credits numeric(20,4) NOT NULL CHECK (plan_data_credits >= 0),
    created_at        timestamptz NOT NULL
);

-- The one mutable row per workspace: every write locks it (SELECT ... FOR UPDATE), which serializes a
-- workspace's ledger. It caches the chain head and the balances so reads never scan the ledger.
CREATE TABLE workspace_heads (
    workspace_id           uuid PRIMARY KEY REFERENCES workspaces (id),
    last_sequence          bigint NOT NULL DEFAULT 0,
    last_hash              bytea NOT NULL,
    cycle_index            integer NOT NULL,
    usage_count            bigint NOT NULL DEFAULT 0,
    actions_available      numeric(20,4) NOT NULL DEFAULT 0 CHECK (actions_available >= 0),
    actions_held           numeric(20,4) NOT NULL DEFAULT 0 CHECK (actions_held >= 0),
    data_credits_available numeric(20,4) NOT NULL DEFAULT 0 CHECK (data_credits_available >= 0),
    data_credits_held      numeric(20,4) NOT NULL DEFAULT 0 CHECK (data_credits_held >= 0)
);

CREATE TABLE api_keys (
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    id           uuid NOT NULL,
    name         text NOT NULL,
    prefix       text NOT NULL,
    key_hash     bytea NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    PRIMARY KEY (workspace_id, id)
);

CREATE TABLE users (
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    id           uuid NOT NULL,
    email        text NOT NULL,
    name         text NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX users_email_unique ON users (workspace_id, lower(email));

CREATE TABLE integrations (
    key        text PRIMARY KEY,
    name       text NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE integration_services (
    integration_key text NOT NULL REFERENCES integrations (key),
    key             text NOT NULL,
    name            text NOT NULL,
    data_credits    numeric(20,4) NOT NULL CHECK (data_credits >= 0),
    actions         numeric(20,4) NOT NULL CHECK (actions >= 0),
    charge_policy   text NOT NULL CHECK (charge_policy IN ('on_success', 'per_attempt')),
    position        integer NOT NULL,
    PRIMARY KEY (integration_key, key)
);

CREATE TABLE workspace_integrations (
    workspace_id    uuid NOT NULL REFERENCES workspaces (id),
    integration_key text NOT NULL REFERENCES integrations (key),
    own_api_key     boolean NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, integration_key)
);

-- Credit grants. Only "remaining" ever changes (column-level UPDATE right below).
CREATE TABLE grants (
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    id           uuid NOT NULL,
    currency     text NOT NULL CHECK (currency IN ('actions', 'data_credits')),
    source       text NOT NULL CHECK (source IN ('subscription', 'purchase', 'promotion', 'adjustment')),
    amount       numeric(20,4) NOT NULL CHECK (amount > 0),
    remaining    numeric(20,4) NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
    effective_at timestamptz NOT NULL,
    expires_at   timestamptz,
    cycle_index  integer,
    PRIMARY KEY (workspace_id, id)
);
CREATE INDEX grants_open ON grants (workspace_id) WHERE remaining > 0;
-- One subscription grant per currency per cycle, even under concurrency (raises add 'adjustment' grants).
CREATE UNIQUE INDEX grants_one_subscription_per_cycle ON grants (workspace_id, currency, cycle_index)
    WHERE source = 'subscription';

-- The append-only ledger.
CREATE TABLE ledger_entries (
    workspace_id      uuid NOT NULL REFERENCES workspaces (id),
    sequence          bigint NOT NULL CHECK (sequence > 0),
    id                uuid NOT NULL,
    type              text NOT NULL CHECK (type IN ('grant', 'charge', 'hold', 'release', 'expiry', 'reversal')),
    currency          text NOT NULL CHECK (currency IN ('actions', 'data_credits')),
    amount            numeric(20,4) NOT NULL CHECK (amount <> 0),
    balance_after     numeric(20,4) NOT NULL,
    occurred_at       timestamptz NOT NULL,
    recorded_at       timestamptz NOT NULL,
    usage_id          uuid,
    grant_id          uuid,
    enrichment_id     uuid,
    user_id           uuid,
    kind              text,
    integration       text,
    service           text,
    reverses_entry_id uuid,
    reason            text,
    hash              bytea NOT NULL,
    PRIMARY KEY (workspace_id, sequence),
    UNIQUE (workspace_id, id)
);
CREATE UNIQUE INDEX ledger_entries_reversed_once ON ledger_entries (workspace_id, reverses_entry_id)
    WHERE reverses_entry_id IS NOT NULL;
CREATE INDEX ledger_entries_recorded ON ledger_entries (workspace_id, recorded_at);
CREATE INDEX ledger_entries_usage_occurred ON ledger_entries (workspace_id, occurred_at) WHERE usage_id IS NOT NULL;
CREATE INDEX ledger_entries_enrichment ON ledger_entries (workspace_id, enrichment_id) WHERE enrichment_id IS NOT NULL;

-- Completed work, one row per accepted usage event (including uncharged outcomes).
CREATE TABLE usage_events (
    workspace_id    uuid NOT NULL REFERENCES workspaces (id),
    id              uuid NOT NULL,
    kind            text NOT NULL,
    user_id         uuid,
    integration     text,
    service         text,
    outcome         text NOT NULL CHECK (outcome IN ('success', 'not_found', 'failed')),
    quantity        integer NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL,
    enrichment_id   uuid,
    metadata        jsonb,
    PRIMARY KEY (workspace_id, id)
);
CREATE INDEX usage_events_occurred ON usage_events (workspace_id, occurred_at);

-- Idempotency keys are kept forever; the stored response is replayed byte for byte.
CREATE TABLE idempotency_keys (
    workspace_id  uuid NOT NULL REFERENCES workspaces (id),
    scope         text NOT NULL,
    key           text NOT NULL,
    request_hash  bytea NOT NULL,
    status_code   integer NOT NULL,
    response      text NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, scope, key)
);

-- Two-phase enrichments: status moves pending -> charged | released exactly once.
CREATE TABLE enrichments (
    workspace_id      uuid NOT NULL REFERENCES workspaces (id),
    id                uuid NOT NULL,
    user_id           uuid,
    integration       text NOT NULL,
    service           text NOT NULL,
    quantity          integer NOT NULL,
    own_api_key       boolean NOT NULL,
    unit_actions      numeric(20,4) NOT NULL,
    unit_data_credits numeric(20,4) NOT NULL,
    charge_policy     text NOT NULL,
    held_actions      numeric(20,4) NOT NULL,
    held_data_credits numeric(20,4) NOT NULL,
    status            text NOT NULL CHECK (status IN ('pending', 'charged', 'released')),
    outcome           text,
    settlement        text,
    usage_id          uuid,
    created_at        timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL,
    settled_at        timestamptz,
    PRIMARY KEY (workspace_id, id)
);
CREATE INDEX enrichments_pending_expiry ON enrichments (expires_at) WHERE status = 'pending';

-- Hourly usage rollups, written in the same transaction as the ledger; reports read only these.
CREATE TABLE usage_rollups_hourly (
    workspace_id uuid NOT NULL,
    bucket_hour  timestamptz NOT NULL,
    kind         text NOT NULL,
    user_id      uuid,
    integration  text,
    service      text,
    actions      numeric(20,4) NOT NULL,
    data_credits numeric(20,4) NOT NULL,
    events       bigint NOT NULL,
    attempts     bigint NOT NULL,
    successes    bigint NOT NULL
);
CREATE UNIQUE INDEX usage_rollups_key ON usage_rollups_hourly
    (workspace_id, bucket_hour, kind, user_id, integration, service) NULLS NOT DISTINCT;

-- The raw facts the rollups summarize: one row per usage event (counts) and one per charge or reversal of
-- a charge (amounts, positive = spent). Reports over ranges that are not whole hours read this directly.
CREATE VIEW usage_facts AS
SELECT workspace_id, occurred_at, kind, user_id, integration, service,
       0::numeric AS actions, 0::numeric AS data_credits, 1 AS events,
       (kind = 'enrichment')::int AS attempts, (kind = 'enrichment' AND outcome = 'success')::int AS successes
FROM usage_events
UNION ALL
SELECT workspace_id, occurred_at, kind, user_id, integration, service,
       CASE WHEN currency = 'actions' THEN -amount ELSE 0 END,
       CASE WHEN currency = 'data_credits' THEN -amount ELSE 0 END,
       0, 0, 0
FROM ledger_entries
WHERE usage_id IS NOT NULL AND type IN ('charge', 'reversal');

-- Append-only, enforced by the database for every role: corrections are reversal entries.
CREATE FUNCTION refuse_ledger_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['ledger_entries', 'usage_events', 'idempotency_keys'] LOOP
        EXECUTE format('CREATE TRIGGER %I_no_update_delete BEFORE UPDATE OR DELETE ON %I
                        FOR EACH ROW EXECUTE FUNCTION refuse_ledger_rewrite()', t, t);
        EXECUTE format('CREATE TRIGGER %I_no_truncate BEFORE TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_rewrite()', t, t);
    END LOOP;
END $$;

-- The seeded catalog.
INSERT INTO integrations (key, name, updated_at) VALUES ('leadmagic', 'LeadMagic', now());
INSERT INTO integration_services (integration_key, key, name, data_credits, actions, charge_policy, position) VALUES
    ('leadmagic', 'email_finder', 'Email Finder', 1, 1, 'on_success', 1),
    ('leadmagic', 'email_validation', 'Email Validation', 1, 1, 'per_attempt', 2),
    ('leadmagic', 'mobile_finder', 'Mobile Finder', 1, 1, 'on_success', 3),
    ('leadmagic', 'mobile_validation', 'Mobile Validation', 1, 1, 'per_attempt', 4),
    ('leadmagic', 'b2b_profile_search', 'B2B Profile Search', 1, 1, 'on_success', 5),
    ('leadmagic', 'company_finder', 'Company Finder', 1, 1, 'on_success', 6),
    ('leadmagic', 'jobs_data', 'Jobs Data', 1, 1, 'on_success', 7);
