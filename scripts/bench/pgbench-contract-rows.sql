-- The contract-rows floor: PostgreSQL writing exactly the rows the service writes for :n enrichment events that each
-- charge one action and one data credit (two ledger entries, one usage event holding its idempotency key), into the
-- service's own tables, in one transaction, with no service at all. pgbench -D n=1 or n=500.
-- What it leaves out costs little next to those rows: the grant updates and rollup journal rows (a few per
-- transaction) and the hash chain (computed by the service, here a fixed 32 bytes). Ids are ordered, as Uuid7s are;
-- an entry's id carries its sequence, as the service's do.
-- Building the ids in SQL costs PostgreSQL a little the service's COPY does not, so the floor is, if anything, slightly
-- low.
\set w random(1, 100)
BEGIN;
-- pgbench substitutes a variable's text as it is, so the workspace comes back quoted as a literal.
SELECT last_sequence AS seq, quote_literal(workspace_id) AS ws FROM workspace_heads
  WHERE workspace_id = ('00000000-0000-7000-8000-' || lpad(:w::text, 12, '0'))::uuid FOR UPDATE \gset
INSERT INTO usage_events (workspace_id, id, kind, integration, service, outcome, quantity, occurred_at, recorded_at, api_key_id,
                          actions, data_credits, idempotency_key, request_hash)
SELECT :ws::uuid, lpad(to_hex(:seq + g), 32, '0')::uuid,
       'enrichment', 'leadmagic', 'email_finder', 'success', 1, now(), now(), '01a24975-de46-78d8-adac-5231d56a346a', 1, 1,
       'floor-' || :seq || '-' || g, '\x60efa665539717afc10f2e22e3ccf713f88d2ac9c5ff1cb620bb9a695c00bcd4'::bytea
FROM generate_series(1, :n) g;
INSERT INTO ledger_entries (workspace_id, sequence, id, type, currency, amount, balance_after, occurred_at, recorded_at,
                            usage_id, grant_id, kind, integration, service, hash, api_key_id, other_balance_after,
                            id_carries_sequence)
SELECT :ws::uuid, :seq + 2 * g - c, ledger_entry_id(:ws::uuid, :seq + 2 * g - c, now()),
       'charge', CASE c WHEN 1 THEN 'actions' ELSE 'data_credits' END, -1, 1000000000 - :seq - g, now(), now(),
       lpad(to_hex(:seq + g), 32, '0')::uuid, '01a24975-de43-7b3c-b95c-c54ea92a7d9f', 'enrichment', 'leadmagic', 'email_finder',
       '\x951a56ddbee81465d24e328b78703c1be02bf5eafa4c7b499c1305e05da8588a'::bytea, '01a24975-de46-78d8-adac-5231d56a346a',
       1000000000 - :seq - g + c, true
FROM generate_series(1, :n) g, generate_series(0, 1) c;
UPDATE workspace_heads SET last_sequence = :seq + 2 * :n, usage_count = usage_count + :n
  WHERE workspace_id = :ws::uuid;
COMMIT;
