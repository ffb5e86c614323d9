-- What the value report sums, kept like the usage rollups so its cost does not grow with the ledger: per workspace,
-- UTC hour (and day) of recording, currency, grant and movement (grant, charge, expiry, void; a reversal counts as the
-- movement it reverses), the signed sum of the entries' amounts. A value is then Σ amount × the grant's unit price,
-- exact because the price is the grant's and fixed. Written in the ledger's transaction; filled here from the ledger.
CREATE TABLE value_rollups_hourly (
    workspace_id uuid NOT NULL,
    bucket_hour  timestamptz NOT NULL,
    currency     text NOT NULL,
    grant_id     uuid NOT NULL,
    movement     text NOT NULL CHECK (movement IN ('grant', 'charge', 'expiry', 'void')),
    amount       numeric NOT NULL
);
CREATE TABLE value_rollups_daily (LIKE value_rollups_hourly INCLUDING CONSTRAINTS);
ALTER TABLE value_rollups_daily RENAME COLUMN bucket_hour TO bucket_day;

CREATE UNIQUE INDEX value_rollups_hourly_key ON value_rollups_hourly (workspace_id, bucket_hour, currency, grant_id, movement);
CREATE UNIQUE INDEX value_rollups_daily_key ON value_rollups_daily (workspace_id, bucket_day, currency, grant_id, movement);
ALTER TABLE value_rollups_hourly SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
ALTER TABLE value_rollups_daily SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);

-- No entry may be appended between reading the ledger and this migration's commit.
LOCK TABLE ledger_entries IN SHARE MODE;

INSERT INTO value_rollups_hourly
SELECT e.workspace_id, date_trunc('hour', e.recorded_at, 'UTC'), e.currency, e.grant_id,
       CASE WHEN e.type = 'reversal' THEN o.type ELSE e.type END, sum(e.amount)
FROM ledger_entries e
LEFT JOIN ledger_entries o ON e.type = 'reversal' AND o.workspace_id = e.workspace_id AND o.id = e.reverses_entry_id
WHERE e.type IN ('grant', 'charge', 'expiry', 'void', 'reversal') AND e.grant_id IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO value_rollups_daily
SELECT workspace_id, date_trunc('day', bucket_hour, 'UTC'), currency, grant_id, movement, sum(amount)
FROM value_rollups_hourly GROUP BY 1, 2, 3, 4, 5;

-- Planned with statistics from the first report on, not after autovacuum first gets to them.
ANALYZE value_rollups_hourly, value_rollups_daily;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_app') THEN
        -- A rebuildable cache like the usage rollups (scripts/rebuild-rollups.sh deletes and recomputes a workspace's rows).
        GRANT SELECT, INSERT, UPDATE, DELETE ON value_rollups_hourly, value_rollups_daily TO creditledger_app;
    END IF;
END $$;
