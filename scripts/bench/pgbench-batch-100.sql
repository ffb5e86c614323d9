-- The same minimal work for 100 events sharing one transaction (rate = transactions/s x 100).
\set ws random(1, 100)
BEGIN;
SELECT available FROM pgb_balances WHERE workspace_id = :ws FOR UPDATE;
INSERT INTO pgb_idempotency SELECT :ws, gen_random_uuid()::text FROM generate_series(1, 100);
UPDATE pgb_balances SET available = available - 200 WHERE workspace_id = :ws;
INSERT INTO pgb_entries (workspace_id, amount, balance_after) SELECT :ws, -1, 0 FROM generate_series(1, 200);
INSERT INTO pgb_rollups VALUES (:ws, date_trunc('hour', now()), 100, 200)
  ON CONFLICT (workspace_id, hour) DO UPDATE SET events = pgb_rollups.events + 100, amount = pgb_rollups.amount + 200;
COMMIT;
