-- A usage event holds its own idempotency key (ADR 37). Since migration 0030 a usage key's row held only the key, the
-- request's hash and the event's id; the event's row now holds the key and the hash itself, so recording an event
-- writes one row fewer (and, in a batch, one COPY fewer). The key's uniqueness moves with it: one event per key in a
-- workspace, by a unique index.
--
-- Usage keys stored before this migration stay in idempotency_keys and are still read (a replay of an old key is the
-- answer it gave). From now on idempotency_keys refuses a usage key: an instance of an older version, which reads keys
-- only there, could otherwise record a second event under a key an upgraded instance stored on its event. Its write
-- fails instead and its client's retry, under the same key, is answered by an upgraded instance.
ALTER TABLE usage_events ADD COLUMN idempotency_key text, ADD COLUMN request_hash bytea,
    ADD CONSTRAINT usage_events_key_with_its_hash CHECK ((idempotency_key IS NULL) = (request_hash IS NULL));

-- A usage event comes from a request, under its key, or from an enrichment's completion (whose key is the
-- reservation's): exactly one of the two. NOT VALID: events recorded before this migration have neither on the row.
ALTER TABLE usage_events ADD CONSTRAINT usage_events_keyed_by_request_or_enrichment
    CHECK (num_nonnulls(idempotency_key, enrichment_id) = 1) NOT VALID;

ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_usage_kept_by_events CHECK (scope <> 'usage') NOT VALID;

CREATE UNIQUE INDEX usage_events_key ON usage_events (workspace_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- That a key is not also among the usage keys stored before this migration is held by the writer, which reads both
-- under the workspace's lock, and checked by the invariants after every test class and every chaos run; a trigger
-- probing the other table per event is what ADR 36 measured and declined.
