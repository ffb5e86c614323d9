-- The service's runtime role may read and append, and may change only the mutable projections; it cannot
-- UPDATE, DELETE or TRUNCATE ledger tables, nor alter the schema (it owns nothing). The role is created by
-- the provisioning scripts; a database without it (a single-role setup) simply skips these grants.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_app') THEN
        GRANT USAGE ON SCHEMA public TO creditledger_app;
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO creditledger_app;
        GRANT INSERT ON workspaces, api_keys, users, integrations, integration_services, workspace_integrations,
              workspace_heads, grants, ledger_entries, usage_events, idempotency_keys, enrichments,
              usage_rollups_hourly TO creditledger_app;
        GRANT UPDATE ON workspaces, workspace_heads, integrations, integration_services, workspace_integrations,
              usage_rollups_hourly TO creditledger_app;
        GRANT UPDATE (revoked_at) ON api_keys TO creditledger_app;
        GRANT UPDATE (remaining) ON grants TO creditledger_app;
        GRANT UPDATE (status, outcome, settlement, usage_id, settled_at) ON enrichments TO creditledger_app;
        -- Catalog edits replace a service list; rollups are a rebuildable cache.
        GRANT DELETE ON integration_services, usage_rollups_hourly TO creditledger_app;
    END IF;
END $$;
