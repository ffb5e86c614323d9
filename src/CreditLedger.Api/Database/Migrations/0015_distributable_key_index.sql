-- Distributable by workspace (docs/scale-out.md): a unique index must lead with workspace_id to be enforced across
-- shards. A key's hash stays unique within its workspace; across workspaces, two keys of 256 random bits do not
-- collide. Authentication still finds a key by its hash alone, through a plain index (on Citus, one query to every
-- shard, made only when the instance's key cache misses).
ALTER TABLE api_keys DROP CONSTRAINT api_keys_key_hash_key;
CREATE UNIQUE INDEX api_keys_workspace_key_hash ON api_keys (workspace_id, key_hash);
CREATE INDEX api_keys_key_hash ON api_keys (key_hash);
