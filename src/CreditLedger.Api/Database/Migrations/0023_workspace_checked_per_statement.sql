-- The three tables every usage event appends to check their rows' workspace once per statement instead of once per
-- row. A foreign key runs a lookup and takes a KEY SHARE row lock on the workspace for every inserted row (four per
-- event); the lock only guards against the workspace being deleted, which never happens: the runtime role has no
-- DELETE on workspaces and the triggers below refuse it to every role. One set-based check over the statement's
-- transition table keeps "no row names an unknown workspace" in the database at a fraction of the cost (ADR 21).
CREATE FUNCTION refuse_unknown_workspace() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.id = n.workspace_id)) THEN
        RAISE EXCEPTION 'insert into % names a workspace that does not exist', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION refuse_workspace_removal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'workspaces are never removed: their ledger is kept (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER workspaces_no_delete BEFORE DELETE ON workspaces
    FOR EACH ROW EXECUTE FUNCTION refuse_workspace_removal();
CREATE TRIGGER workspaces_no_truncate BEFORE TRUNCATE ON workspaces
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_workspace_removal();

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['ledger_entries', 'usage_events', 'idempotency_keys'] LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', t, t || '_workspace_id_fkey');
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION refuse_unknown_workspace()', t || '_workspace_exists', t);
    END LOOP;
END $$;
