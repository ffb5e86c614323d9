-- The rollup journal: a group appends its usage deltas here (one multi-row INSERT, one index) instead of upserting
-- nine rollup tables, and the rollup folder moves them into the rollups in the background (DELETE ... RETURNING and the
-- upserts in one transaction). A report reads a rollup table plus the journal's rows in one statement, so it sees every
-- delta exactly once whatever the folder is doing. Rows are kept at the finest grain (quarter hour, every dimension):
-- each rollup table's buckets and dimensions are derived from them. The value rollups have a journal too, per hour
-- (the daily value rollups' days derive from it).
-- Each key leads with the workspace (distributable) and its bucket (what a report's read of the journal filters on).
CREATE TABLE usage_rollup_journal (LIKE usage_rollups_quarter, id bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (workspace_id, bucket_quarter, id));
CREATE TABLE value_rollup_journal (LIKE value_rollups_hourly, id bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (workspace_id, bucket_hour, id));

-- Emptied every second: vacuumed after a few thousand dead rows rather than a fraction of a table that is always small.
ALTER TABLE usage_rollup_journal SET (autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 5000,
    autovacuum_vacuum_insert_scale_factor = 0.0, autovacuum_vacuum_insert_threshold = 5000);
ALTER TABLE value_rollup_journal SET (autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 5000,
    autovacuum_vacuum_insert_scale_factor = 0.0, autovacuum_vacuum_insert_threshold = 5000);

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_app') THEN
        GRANT SELECT, INSERT, DELETE ON usage_rollup_journal, value_rollup_journal TO creditledger_app;
        GRANT USAGE ON SEQUENCE usage_rollup_journal_id_seq, value_rollup_journal_id_seq TO creditledger_app;
    END IF;
END $$;
