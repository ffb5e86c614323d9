-- One charge per transaction: lock the balance, insert the idempotency key, update the balance,
-- insert the ledger rows (actions and data credits), upsert the hourly rollup.
\set ws random(1, 100)
BEGIN;
SELECT available FROM pgb_balances WHERE workspace_id = :ws FOR UPDATE;
INSERT INTO pgb_idempotency VALUES (:ws, gen_random_uuid()::text);
UPDATE pgb_balances SET available = available - 2 WHERE workspace_id = :ws;
INSERT INTO pgb_entries (workspace_id, amount, balance_after) VALUES (:ws, -1, 0), (:ws, -1, 0);
INSERT INTO pgb_rollups VALUES (:ws, date_trunc('hour', now()), 1, 2)
  ON CONFLICT (workspace_id, hour) DO UPDATE SET events = pgb_rollups.events + 1, amount = pgb_rollups.amount + 2;
COMMIT;
