-- Several instances each cache recently resolved API keys. A revocation must reach every one of them at once, whoever
-- made it (the API on any instance, or an operator by hand in SQL): the database itself notifies the key's id when the
-- change commits, and each instance's listener evicts it (ApiKeyCache). Scopes are never updated in place; the runtime
-- role may not delete keys, but the owner may, so a deletion notifies too.
CREATE FUNCTION notify_api_key_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('creditledger_api_keys', OLD.id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER api_keys_revoked AFTER UPDATE OF revoked_at, scopes, key_hash ON api_keys
    FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.scopes IS DISTINCT FROM NEW.scopes
                       OR OLD.key_hash IS DISTINCT FROM NEW.key_hash)
    EXECUTE FUNCTION notify_api_key_changed();

CREATE TRIGGER api_keys_deleted AFTER DELETE ON api_keys FOR EACH ROW EXECUTE FUNCTION notify_api_key_changed();
