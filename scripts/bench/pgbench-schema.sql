-- The floor to beat: PostgreSQL doing the minimal work of one charge, without the service.
DROP TABLE IF EXISTS pgb_balances, pgb_idempotency, pgb_entries, pgb_rollups;
CREATE TABLE pgb_balances (workspace_id int PRIMARY KEY, available numeric(20,4) NOT NULL);
CREATE TABLE pgb_idempotency (workspace_id int NOT NULL, key text NOT NULL, PRIMARY KEY (workspace_id, key));
CREATE TABLE pgb_entries (workspace_id int NOT NULL, id bigserial, amount numeric(20,4) NOT NULL, balance_after numeric(20,4) NOT NULL,
                          recorded_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (workspace_id, id));
CREATE TABLE pgb_rollups (workspace_id int NOT NULL, hour timestamptz NOT NULL, events bigint NOT NULL, amount numeric(20,4) NOT NULL,
                          PRIMARY KEY (workspace_id, hour));
INSERT INTO pgb_balances SELECT g, 1000000000 FROM generate_series(1, 100) g;
