-- The contract-rows floor's workspaces, in a database migrated by the service itself (the real tables, indexes and
-- triggers): 100 workspaces with their heads. Ids are fixed, so the pgbench script names them from a number.
INSERT INTO workspaces (id, name, time_zone, plan_name, plan_actions, plan_data_credits, created_at, billing_anchor)
SELECT ('00000000-0000-7000-8000-' || lpad(n::text, 12, '0'))::uuid, 'floor ' || n, 'UTC', 'floor', 0, 0, now(), now()
FROM generate_series(1, 100) n;
INSERT INTO workspace_heads (workspace_id, last_sequence, last_hash, cycle_index, actions_available, data_credits_available)
SELECT id, 0, '\x00'::bytea, 0, 1000000000, 1000000000 FROM workspaces;
