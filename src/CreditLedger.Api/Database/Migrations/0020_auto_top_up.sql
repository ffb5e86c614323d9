-- Auto top-up: per workspace and currency, a rule that recharges the balance when a charge or hold leaves it below a
-- threshold. The rule is a setting (it may be replaced or removed: below and the rest become NULL); used_cycle and
-- used_count say how many top-up grants the rule made in that billing cycle, moved under the workspace lock with the
-- grant itself, so they survive a rule's replacement and removal and maxPerCycle holds exactly.
CREATE TABLE auto_top_up_rules (
    workspace_id   uuid NOT NULL REFERENCES workspaces (id),
    currency       text NOT NULL CHECK (currency IN ('actions', 'data_credits')),
    below          numeric(20,4) CHECK (below > 0),
    amount         numeric(20,4) CHECK (amount > 0),
    mode           text CHECK (mode IN ('grant', 'request')),
    unit_price     numeric(20,6) CHECK (unit_price BETWEEN 0 AND 1000000),
    max_per_cycle  integer CHECK (max_per_cycle BETWEEN 1 AND 100),
    used_cycle     integer NOT NULL DEFAULT -1 CHECK (used_cycle >= -1),
    used_count     integer NOT NULL DEFAULT 0 CHECK (used_count >= 0),
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, currency),
    CONSTRAINT auto_top_up_rules_whole_or_removed CHECK (
        (below IS NULL AND amount IS NULL AND mode IS NULL AND unit_price IS NULL AND max_per_cycle IS NULL)
        OR (below IS NOT NULL AND amount IS NOT NULL AND mode IS NOT NULL AND unit_price IS NOT NULL AND max_per_cycle IS NOT NULL))
);

-- A rule in request mode makes no new top-up while one of its currency waits for payment; the lock reads that here.
CREATE INDEX grants_pending_auto_top_up ON grants (workspace_id, currency) WHERE status = 'pending' AND auto_top_up;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_app') THEN
        GRANT SELECT, INSERT, UPDATE ON auto_top_up_rules TO creditledger_app;
    END IF;
END $$;
