-- Reports read a workspace's rollups for a time range. With the sums in the index, that is an index-only scan
-- over contiguous leaf pages instead of one heap page per row (rows of a workspace are spread over the heap
-- because every workspace writes into the same table at once). ON CONFLICT keeps using the same key columns.
DROP INDEX usage_rollups_key;
CREATE UNIQUE INDEX usage_rollups_key ON usage_rollups_hourly
    (workspace_id, bucket_hour, kind, user_id, integration, service)
    INCLUDE (actions, data_credits, events, attempts, successes) NULLS NOT DISTINCT;
-- Rollups are rewritten constantly; vacuum them often so the visibility map keeps index-only scans cheap.
ALTER TABLE usage_rollups_hourly SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
