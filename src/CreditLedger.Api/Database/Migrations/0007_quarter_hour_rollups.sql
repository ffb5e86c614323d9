-- Quarter-hour rollups beside the hourly and daily ones. Zones with 30- or 45-minute offsets (Asia/Kathmandu,
-- Asia/Kolkata, Australia/Lord_Howe) put bucket boundaries inside UTC hours; the hours such boundaries split are read
-- from here instead of from the raw facts, so those reports never scan the ledger either. Written in the same
-- transaction as the ledger, like the others.
CREATE TABLE usage_rollups_quarter (
    workspace_id   uuid NOT NULL,
    bucket_quarter timestamptz NOT NULL,
    kind           text NOT NULL,
    user_id        uuid,
    integration    text,
    service        text,
    actions        numeric NOT NULL,
    data_credits   numeric NOT NULL,
    events         bigint NOT NULL,
    attempts       bigint NOT NULL,
    successes      bigint NOT NULL
);
CREATE UNIQUE INDEX usage_rollups_quarter_key ON usage_rollups_quarter
    (workspace_id, bucket_quarter, kind, user_id, integration, service)
    INCLUDE (actions, data_credits, events, attempts, successes) NULLS NOT DISTINCT;
ALTER TABLE usage_rollups_quarter SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);

INSERT INTO usage_rollups_quarter (workspace_id, bucket_quarter, kind, user_id, integration, service,
    actions, data_credits, events, attempts, successes)
SELECT workspace_id, date_bin('15 minutes', occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), kind, user_id, integration, service,
       sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)
FROM usage_facts GROUP BY 1, 2, 3, 4, 5, 6;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_app') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON usage_rollups_quarter TO creditledger_app;
    END IF;
END $$;
