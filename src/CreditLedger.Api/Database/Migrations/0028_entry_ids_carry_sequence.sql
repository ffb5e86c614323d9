-- An entry's id carries its sequence (ADR 33): its low 62 bits are the sequence XOR the low 62 bits of the workspace
-- id (CreditLedger.Rules.EntryIds). The primary key (workspace_id, sequence) then finds an entry by id, and the unique
-- index on (workspace_id, id), entered at every append, keeps only the entries whose ids do not: those written before
-- this migration, or by an older instance during a rolling upgrade. Ids stay unique per workspace either way: an id
-- that carries its sequence is as unique as the primary key, any other is held by the partial index.

-- The sequence an id would carry in this workspace (immutable, no table read: a CHECK constraint may use it).
CREATE FUNCTION ledger_entry_id_sequence(workspace_id uuid, id uuid) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (('x' || encode(substr(uuid_send(id), 9), 'hex'))::bit(64)
            # ('x' || encode(substr(uuid_send(workspace_id), 9), 'hex'))::bit(64))::bigint & 4611686018427387903;

-- The id the service gives the entry (for scripts that write ledgers, and the tests that hold the two together).
CREATE FUNCTION ledger_entry_id(workspace_id uuid, sequence bigint, recorded_at timestamptz) RETURNS uuid
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (lpad(to_hex(floor(extract(epoch FROM recorded_at) * 1000)::bigint), 12, '0') || '7000'
            || to_hex((sequence # ('x' || encode(substr(uuid_send(workspace_id), 9), 'hex'))::bit(64)::bigint)
                      & 4611686018427387903 | (-9223372036854775807 - 1)))::uuid;

-- Which entries carry their sequence is a column the writer sets, checked here, rather than the index's predicate
-- decoding the id: COPY evaluates an index predicate for a whole buffered batch of rows without freeing memory between
-- them, and the decode's allocations then cost about 12 µs per row under load; a CHECK is evaluated row by row in
-- memory freed for the next (measured in docs/performance.md). NULL: an id that does not carry it (older entries, whose
-- column is NULL without a rewrite); true: an id that does, which the CHECK holds to.
ALTER TABLE ledger_entries ADD COLUMN id_carries_sequence boolean,
    ADD CONSTRAINT ledger_entries_id_carries_sequence
        CHECK (id_carries_sequence IS NULL OR (id_carries_sequence AND ledger_entry_id_sequence(workspace_id, id) = sequence));
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_workspace_id_id_key;
CREATE UNIQUE INDEX ledger_entries_id_not_from_sequence ON ledger_entries (workspace_id, id) WHERE id_carries_sequence IS NULL;

-- A reversal's key is the key of the entry it reverses, found by its id as LedgerReader.FindAsync finds one.
CREATE OR REPLACE VIEW usage_facts AS
SELECT workspace_id, occurred_at, kind, user_id, integration, service,
       0::numeric AS actions, 0::numeric AS data_credits, 1 AS events,
       (kind = 'enrichment')::int AS attempts, (kind = 'enrichment' AND outcome = 'success')::int AS successes,
       resource_id, api_key_id
FROM usage_events
UNION ALL
SELECT e.workspace_id, e.occurred_at, e.kind, e.user_id, e.integration, e.service,
       CASE WHEN e.currency = 'actions' THEN -e.amount ELSE 0 END,
       CASE WHEN e.currency = 'data_credits' THEN -e.amount ELSE 0 END,
       0, 0, 0,
       e.resource_id,
       CASE WHEN e.type = 'reversal' THEN (
                SELECT o.api_key_id FROM (
                    SELECT o.api_key_id FROM ledger_entries o
                    WHERE o.workspace_id = e.workspace_id
                      AND o.sequence = ledger_entry_id_sequence(e.workspace_id, e.reverses_entry_id) AND o.id = e.reverses_entry_id
                    UNION ALL
                    SELECT o.api_key_id FROM ledger_entries o
                    WHERE o.workspace_id = e.workspace_id AND o.id = e.reverses_entry_id AND o.id_carries_sequence IS NULL) AS o
                LIMIT 1)
            ELSE e.api_key_id END
FROM ledger_entries e
WHERE e.usage_id IS NOT NULL AND e.type IN ('charge', 'reversal');
