-- Narrower rollups for the report families that group and filter by fewer dimensions. The detailed rollups keep a
-- row per user, resource and key as well, so their rows per day grow with how widely usage spreads; these keep a
-- few rows per day however large the ledger grows: usage_totals_* (kind, integration, service) serve workspace,
-- integration and forecast reports, usage_resources_* (kind, integration, resource) the resource reports. Written in
-- the ledger's transaction like the others, and filled here from the detailed rollups they summarise.
CREATE TABLE usage_totals_hourly (
    workspace_id uuid NOT NULL,
    bucket_hour  timestamptz NOT NULL,
    kind         text NOT NULL,
    integration  text,
    service      text,
    actions      numeric NOT NULL,
    data_credits numeric NOT NULL,
    events       bigint NOT NULL,
    attempts     bigint NOT NULL,
    successes    bigint NOT NULL
);
CREATE TABLE usage_totals_daily (LIKE usage_totals_hourly);
ALTER TABLE usage_totals_daily RENAME COLUMN bucket_hour TO bucket_day;

CREATE TABLE usage_resources_hourly (
    workspace_id uuid NOT NULL,
    bucket_hour  timestamptz NOT NULL,
    kind         text NOT NULL,
    integration  text,
    resource_id  text,
    actions      numeric NOT NULL,
    data_credits numeric NOT NULL,
    events       bigint NOT NULL,
    attempts     bigint NOT NULL,
    successes    bigint NOT NULL
);
CREATE TABLE usage_resources_daily (LIKE usage_resources_hourly);
ALTER TABLE usage_resources_daily RENAME COLUMN bucket_hour TO bucket_day;

CREATE UNIQUE INDEX usage_totals_hourly_key ON usage_totals_hourly (workspace_id, bucket_hour, kind, integration, service) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX usage_totals_daily_key ON usage_totals_daily (workspace_id, bucket_day, kind, integration, service) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX usage_resources_hourly_key ON usage_resources_hourly (workspace_id, bucket_hour, kind, integration, resource_id) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX usage_resources_daily_key ON usage_resources_daily (workspace_id, bucket_day, kind, integration, resource_id) NULLS NOT DISTINCT;

ALTER TABLE usage_totals_hourly SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
ALTER TABLE usage_totals_daily SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
ALTER TABLE usage_resources_hourly SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
ALTER TABLE usage_resources_daily SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);

-- No write may slip between reading the detailed rollups and this migration's commit.
LOCK TABLE usage_rollups_hourly, usage_rollups_daily IN SHARE MODE;

INSERT INTO usage_totals_hourly
SELECT workspace_id, bucket_hour, kind, integration, service, sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)
FROM usage_rollups_hourly GROUP BY 1, 2, 3, 4, 5;
INSERT INTO usage_totals_daily
SELECT workspace_id, bucket_day, kind, integration, service, sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)
FROM usage_rollups_daily GROUP BY 1, 2, 3, 4, 5;
INSERT INTO usage_resources_hourly
SELECT workspace_id, bucket_hour, kind, integration, resource_id, sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)
FROM usage_rollups_hourly GROUP BY 1, 2, 3, 4, 5;
INSERT INTO usage_resources_daily
SELECT workspace_id, bucket_day, kind, integration, resource_id, sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)
FROM usage_rollups_daily GROUP BY 1, 2, 3, 4, 5;

-- Planned with statistics from the first report on, not after autovacuum first gets to them.
ANALYZE usage_totals_hourly, usage_totals_daily, usage_resources_hourly, usage_resources_daily;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_app') THEN
        -- Rollups are a rebuildable cache (scripts/rebuild-rollups.sh deletes and recomputes a workspace's rows).
        GRANT SELECT, INSERT, UPDATE, DELETE ON usage_totals_hourly, usage_totals_daily, usage_resources_hourly, usage_resources_daily
            TO creditledger_app;
    END IF;
END $$;
