-- The statement-cost probe, one statement (scripts/bench-statement-cost.sh): the same rows as
-- pgbench-statement-cost-separate.sql, written by one statement whose data-modifying CTEs insert the event rows and
-- the entries and whose main query updates the head. The difference between the two is what two statements cost
-- beyond the rows they write.
\set w random(1, 100)
BEGIN;
SET LOCAL synchronous_commit = off;
SELECT last_sequence FROM workspace_heads WHERE workspace_id = ('00000000-0000-7000-8000-' || lpad(:w::text, 12, '0'))::uuid FOR UPDATE;
WITH p AS (SELECT h.workspace_id AS ws, h.last_sequence AS seq FROM workspace_heads h
           WHERE h.workspace_id = ('00000000-0000-7000-8000-' || lpad(:w::text, 12, '0'))::uuid),
u AS (INSERT INTO usage_events (workspace_id, id, kind, integration, service, outcome, quantity, occurred_at, recorded_at, api_key_id,
                          actions, data_credits, idempotency_key, request_hash)
SELECT p.ws, lpad(to_hex(p.seq + g), 32, '0')::uuid,
       'enrichment', 'leadmagic', 'email_finder', 'success', 1, now(), now(), '01a24975-de46-78d8-adac-5231d56a346a', 1, 1,
       'floor-' || p.seq || '-' || g, '\x60efa665539717afc10f2e22e3ccf713f88d2ac9c5ff1cb620bb9a695c00bcd4'::bytea
FROM p, generate_series(1, :n) g),
e AS (INSERT INTO ledger_entries (workspace_id, sequence, id, type, currency, amount, balance_after, occurred_at, recorded_at,
                            usage_id, grant_id, kind, integration, service, hash, api_key_id, other_balance_after,
                            id_carries_sequence)
SELECT p.ws, p.seq + 2 * g - c, ledger_entry_id(p.ws, p.seq + 2 * g - c, now()),
       'charge', CASE c WHEN 1 THEN 'actions' ELSE 'data_credits' END, -1, 1000000000 - p.seq - g, now(), now(),
       lpad(to_hex(p.seq + g), 32, '0')::uuid, '01a24975-de43-7b3c-b95c-c54ea92a7d9f', 'enrichment', 'leadmagic', 'email_finder',
       '\x951a56ddbee81465d24e328b78703c1be02bf5eafa4c7b499c1305e05da8588a'::bytea, '01a24975-de46-78d8-adac-5231d56a346a',
       1000000000 - p.seq - g + c, true
FROM p, generate_series(1, :n) g, generate_series(0, 1) c)
UPDATE workspace_heads SET last_sequence = last_sequence + 2 * :n, usage_count = usage_count + :n
  WHERE workspace_id = ('00000000-0000-7000-8000-' || lpad(:w::text, 12, '0'))::uuid;
COMMIT;
