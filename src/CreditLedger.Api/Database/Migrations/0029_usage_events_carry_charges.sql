-- A usage event carries what it was charged (ADR 35), so the reports' raw reads (the minutes of a range outside whole
-- hours, a workspace's rollup rebuild) find a usage fact's amounts in usage_events, by time, through the index every
-- event already enters. The index of every usage charge entry by time (two per event, both entered at every append)
-- goes; only reversals of usage charges, which are few, are still read from the ledger by time, through a small index.
--
-- The ledger stays the truth: an event's amounts are the sum of its charge entries, written by the same transaction
-- from the same cost, and the tests' invariants hold the two together after every test class.
--
-- Events stored before this migration, or by an older instance during a rolling upgrade, have no amounts (NULL: no
-- rewrite of an append-only table). The view then sums their charge entries, found through the balance history's
-- index: a usage event and its charges share the workspace and the instant they were recorded.
-- Both amounts or neither: an event is stored by this version (both) or before it (neither), never half.
ALTER TABLE usage_events ADD COLUMN actions numeric, ADD COLUMN data_credits numeric,
    ADD CONSTRAINT usage_events_charges_not_negative CHECK (actions >= 0 AND data_credits >= 0),
    ADD CONSTRAINT usage_events_charges_both_or_neither CHECK ((actions IS NULL) = (data_credits IS NULL));

CREATE INDEX ledger_entries_usage_reversals ON ledger_entries (workspace_id, occurred_at)
    WHERE type = 'reversal' AND usage_id IS NOT NULL;
DROP INDEX ledger_entries_usage_occurred;

CREATE OR REPLACE VIEW usage_facts AS
SELECT u.workspace_id, u.occurred_at, u.kind, u.user_id, u.integration, u.service,
       coalesce(u.actions, legacy.actions, 0) AS actions, coalesce(u.data_credits, legacy.data_credits, 0) AS data_credits,
       1 AS events,
       (u.kind = 'enrichment')::int AS attempts, (u.kind = 'enrichment' AND u.outcome = 'success')::int AS successes,
       u.resource_id, u.api_key_id
FROM usage_events u
LEFT JOIN LATERAL (
    SELECT sum(CASE WHEN c.currency = 'actions' THEN -c.amount ELSE 0 END) AS actions,
           sum(CASE WHEN c.currency = 'data_credits' THEN -c.amount ELSE 0 END) AS data_credits
    FROM ledger_entries c
    WHERE u.actions IS NULL AND c.workspace_id = u.workspace_id AND c.recorded_at = u.recorded_at
      AND c.usage_id = u.id AND c.type = 'charge') AS legacy ON true
UNION ALL
SELECT e.workspace_id, e.occurred_at, e.kind, e.user_id, e.integration, e.service,
       CASE WHEN e.currency = 'actions' THEN -e.amount ELSE 0 END,
       CASE WHEN e.currency = 'data_credits' THEN -e.amount ELSE 0 END,
       0, 0, 0,
       e.resource_id,
       -- A reversal's key is the key of the charge it reverses, found by its id as LedgerReader.FindAsync finds one.
       (SELECT o.api_key_id FROM (
            SELECT o.api_key_id FROM ledger_entries o
            WHERE o.workspace_id = e.workspace_id
              AND o.sequence = ledger_entry_id_sequence(e.workspace_id, e.reverses_entry_id) AND o.id = e.reverses_entry_id
            UNION ALL
            SELECT o.api_key_id FROM ledger_entries o
            WHERE o.workspace_id = e.workspace_id AND o.id = e.reverses_entry_id AND o.id_carries_sequence IS NULL) AS o
        LIMIT 1)
FROM ledger_entries e
WHERE e.type = 'reversal' AND e.usage_id IS NOT NULL;
