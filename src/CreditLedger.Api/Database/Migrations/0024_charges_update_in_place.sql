-- Every charge updates rows that already exist: the remaining amount of the grants it draws from, and the sums of the
-- detailed usage rollups' current quarter hour, hour and day. None of those updates could be HOT (in place): the
-- open-grants index was partial on "remaining > 0", and the detailed rollups' keys carried the sums as INCLUDE columns.
-- So PostgreSQL wrote a new entry into every index of those tables for every row of every charge, and they bloated
-- between vacuums. Now no index reads a column a charge changes (a test holds the write path to that), and half of
-- each new page is left free for the new row versions. ADR 22.

-- Grants: the predicate reads a stored flag that changes only when a grant runs out or is given credit again.
ALTER TABLE grants SET (fillfactor = 50);
ALTER TABLE grants ADD COLUMN has_remaining boolean GENERATED ALWAYS AS (remaining > 0) STORED;
DROP INDEX grants_open;
CREATE INDEX grants_open ON grants (workspace_id) WHERE has_remaining;

-- Detailed rollups: the same unique keys without the sums; their readers (user, key and quarter-hour reports) fetch
-- the sums from the heap, as the narrower rollups' readers already do.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES ('usage_rollups_quarter', 'usage_rollups_quarter_key', 'bucket_quarter'),
                                   ('usage_rollups_hourly', 'usage_rollups_key', 'bucket_hour'),
                                   ('usage_rollups_daily', 'usage_rollups_daily_key', 'bucket_day')) AS v(tab, idx, bucket) LOOP
        EXECUTE format('ALTER TABLE %I SET (fillfactor = 50)', t.tab);
        EXECUTE format('CREATE UNIQUE INDEX %I ON %I (workspace_id, %I, kind, user_id, integration, service, resource_id, api_key_id)
                        NULLS NOT DISTINCT', t.idx || '_new', t.tab, t.bucket);
        EXECUTE format('DROP INDEX %I', t.idx);
        EXECUTE format('ALTER INDEX %I RENAME TO %I', t.idx || '_new', t.idx);
        EXECUTE format('ANALYZE %I', t.tab);
    END LOOP;
END $$;
ANALYZE grants;
