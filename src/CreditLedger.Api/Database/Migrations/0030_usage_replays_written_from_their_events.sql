-- A usage event's idempotency key names the event instead of keeping its answer (ADR 36). The answer, about 250 bytes
-- of JSON per event, was the widest thing a key held and was read only by a replay; every field of it is in the
-- event's row (its id, kind, outcome, instants and, since migration 0029, what it was charged), so a replay writes the
-- same bytes again from the row. Keys of the other scopes, and usage keys stored before this migration or by an older
-- instance during a rolling upgrade, keep their answer as it was sent.
--
-- A key holds its answer or names its event, never both or neither, and only a usage key names an event.
ALTER TABLE idempotency_keys ADD COLUMN usage_id uuid,
    ALTER COLUMN response DROP NOT NULL,
    ADD CONSTRAINT idempotency_keys_answer_or_event CHECK ((response IS NULL) = (usage_id IS NOT NULL)),
    ADD CONSTRAINT idempotency_keys_event_of_usage CHECK (usage_id IS NULL OR scope = 'usage');

-- That the event a key names exists is not checked here: a statement trigger probing usage_events for every key, as
-- ADR 21 checks the workspace, took back what the narrower key saves (a batch's keys 9-10 ms without it, 11-14 ms with
-- it), and its cached plan was fragile (100-300 ms per batch once planned while the table was small). The one writer
-- stores a key and its event from the same row in the same transaction, and the invariants check every key's event
-- after every test class and after every chaos run (ADR 36).
