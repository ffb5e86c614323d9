-- Per-user rollups for the user report family (the users report, a user's usage, Clay's user report). They read the
-- detailed rollups before, whose rows per day grow with every user × integration × service × resource × key
-- combination the usage spread over, so those reports slowed as the ledger grew (p95 1.6× from 1M to 10M entries,
-- measured with both ledgers' requests interleaved); these keep a row per user and kind per hour or day. Written in
-- the ledger's transaction like the others, and filled here from the detailed rollups they summarise.
CREATE TABLE usage_users_hourly (
    workspace_id uuid NOT NULL,
    bucket_hour  timestamptz NOT NULL,
    kind         text NOT NULL,
    user_id      uuid,
    actions      numeric NOT NULL,
    data_credits numeric NOT NULL,
    events       bigint NOT NULL,
    attempts     bigint NOT NULL,
    successes    bigint NOT NULL
);
CREATE TABLE usage_users_daily (LIKE usage_users_hourly);
ALTER TABLE usage_users_daily RENAME COLUMN bucket_hour TO bucket_day;

-- Plain keys (no INCLUDE sums), so a charge's update of its row is HOT, as for every other rollup.
CREATE UNIQUE INDEX usage_users_hourly_key ON usage_users_hourly (workspace_id, bucket_hour, kind, user_id) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX usage_users_daily_key ON usage_users_daily (workspace_id, bucket_day, kind, user_id) NULLS NOT DISTINCT;

ALTER TABLE usage_users_hourly SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
ALTER TABLE usage_users_daily SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);

-- No write may slip between reading the detailed rollups and this migration's commit.
LOCK TABLE usage_rollups_hourly, usage_rollups_daily IN SHARE MODE;

INSERT INTO usage_users_hourly
SELECT workspace_id, bucket_hour, kind, user_id, sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)
FROM usage_rollups_hourly GROUP BY 1, 2, 3, 4;
INSERT INTO usage_users_daily
SELECT workspace_id, bucket_day, kind, user_id, sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)
FROM usage_rollups_daily GROUP BY 1, 2, 3, 4;

-- Planned with statistics from the first report on, not after autovacuum first gets to them.
ANALYZE usage_users_hourly, usage_users_daily;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_app') THEN
        -- Rollups are a rebuildable cache (scripts/rebuild-rollups.sh deletes and recomputes a workspace's rows).
        GRANT SELECT, INSERT, UPDATE, DELETE ON usage_users_hourly, usage_users_daily TO creditledger_app;
    END IF;
END $$;
