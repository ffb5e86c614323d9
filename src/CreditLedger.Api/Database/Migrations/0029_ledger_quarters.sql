-- A workspace's entries are recorded in time order: an entry's recorded_at is never earlier than the one before it in
-- sequence (the engine has written them so since it kept last_recorded_at; a trigger now holds every writer to it). So
-- a time range of one workspace's ledger is a range of its sequences, which the primary key reads. This small table
-- says where each range starts: per workspace and UTC quarter-hour in which it recorded anything, the first sequence
-- recorded in it. It takes the place of the (workspace_id, recorded_at, sequence) index, which every entry entered at a
-- random workspace's page; a quarter-hour's row is written once, by the first statement that records in it (ADR 34).
-- Quarter-hours, not hours: every bucket end of every time zone in use today falls on one, so a report's bucket end is
-- one lookup here and one step of the primary key.
CREATE TABLE ledger_quarters (
    workspace_id   uuid        NOT NULL,
    quarter        timestamptz NOT NULL CHECK (quarter = date_bin('15 minutes', quarter, timestamptz '2000-01-01 00:00:00+00')),
    first_sequence bigint      NOT NULL CHECK (first_sequence > 0),
    PRIMARY KEY (workspace_id, quarter)
);

-- Every entry recorded before `at` has a lower sequence than this (the first entry of the first quarter-hour starting
-- at or after `at`; bigint's maximum when there is none). Exact for an instant on a quarter-hour; otherwise a bound
-- that a reader narrows with recorded_at itself.
CREATE FUNCTION ledger_sequence_before(workspace_id uuid, at timestamptz) RETURNS bigint
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    RETURN coalesce((SELECT q.first_sequence FROM ledger_quarters q WHERE q.workspace_id = $1 AND q.quarter >= $2
                     ORDER BY q.quarter LIMIT 1), 9223372036854775807);

-- Every entry recorded at or after `at` has this sequence or a higher one (the first entry of `at`'s quarter-hour or a
-- later one).
CREATE FUNCTION ledger_sequence_from(workspace_id uuid, at timestamptz) RETURNS bigint
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    RETURN ledger_sequence_before($1, date_bin('15 minutes', $2, timestamptz '2000-01-01 00:00:00+00'));

-- Once per statement, over its rows: a workspace's new entries follow all of its entries already stored (appended
-- as one run of sequences, none stored above them) and each is recorded no earlier than the entry before it; then
-- the quarter-hours they were recorded in are noted. For an append that costs, per workspace, one primary-key step
-- below its first new entry and one above its last; the quarter-hour's row is written only by the statement that
-- opens it (DO NOTHING: an append never lowers a quarter-hour's first sequence, and unlike DO UPDATE it takes no row
-- lock). SECURITY DEFINER: the runtime role reads ledger_quarters but cannot write it; only this trigger does.
CREATE FUNCTION keep_ledger_time_order() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM (
            SELECT n.workspace_id, n.sequence, n.recorded_at,
                   lag(n.recorded_at) OVER w AS prev_at, row_number() OVER w AS k,
                   count(*) OVER p AS runs, max(n.sequence) OVER p AS last
            FROM new_rows n
            WINDOW p AS (PARTITION BY n.workspace_id), w AS (p ORDER BY n.sequence)) r
        WHERE r.prev_at > r.recorded_at
           OR r.k = 1 AND (r.last - r.sequence + 1 <> r.runs
                           OR EXISTS (SELECT 1 FROM ledger_entries e WHERE e.workspace_id = r.workspace_id AND e.sequence > r.last)
                           OR (SELECT e.recorded_at FROM ledger_entries e WHERE e.workspace_id = r.workspace_id AND e.sequence < r.sequence
                               ORDER BY e.sequence DESC LIMIT 1) > r.recorded_at)) THEN
        RAISE EXCEPTION 'ledger entries are appended in time order: each follows every stored entry of its workspace and is recorded no earlier than the one before it'
            USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO ledger_quarters (workspace_id, quarter, first_sequence)
    SELECT n.workspace_id, date_bin('15 minutes', n.recorded_at, timestamptz '2000-01-01 00:00:00+00'), min(n.sequence)
    FROM new_rows n GROUP BY 1, 2
    ON CONFLICT (workspace_id, quarter) DO NOTHING;
    RETURN NULL;
END $$;

-- Entries written before this migration: the engine has recorded them in order since it kept last_recorded_at; a ledger
-- older than that may not be, and its reports would then read the wrong entries, so the migration stops and says so.
DO $$
DECLARE out_of_order uuid;
BEGIN
    SELECT workspace_id INTO out_of_order FROM (
        SELECT workspace_id, recorded_at < lag(recorded_at) OVER (PARTITION BY workspace_id ORDER BY sequence) AS earlier
        FROM ledger_entries) s
    WHERE earlier LIMIT 1;
    IF out_of_order IS NOT NULL THEN
        RAISE EXCEPTION 'workspace % has ledger entries recorded out of time order; see docs/decisions/0034-ledger-time-order.md', out_of_order;
    END IF;
END $$;

INSERT INTO ledger_quarters (workspace_id, quarter, first_sequence)
SELECT workspace_id, date_bin('15 minutes', recorded_at, timestamptz '2000-01-01 00:00:00+00'), min(sequence)
FROM ledger_entries GROUP BY 1, 2;

CREATE TRIGGER ledger_entries_in_time_order AFTER INSERT ON ledger_entries REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION keep_ledger_time_order();

DROP INDEX ledger_entries_recorded_balance;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_app') THEN
        GRANT SELECT ON ledger_quarters TO creditledger_app;
    END IF;
END $$;
