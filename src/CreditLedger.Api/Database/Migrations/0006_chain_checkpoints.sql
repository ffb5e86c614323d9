-- Incremental verification: the last entry of each workspace's chain that a verification found valid. A verify
-- call hashes only entries after it; a full re-verification (admin) starts from genesis again and, when it finds a
-- row altered below the checkpoint, moves the checkpoint back so every later call reports it too.
CREATE TABLE chain_checkpoints (
    workspace_id uuid PRIMARY KEY REFERENCES workspaces (id),
    sequence     bigint NOT NULL CHECK (sequence >= 0),
    hash         bytea NOT NULL,
    verified_at  timestamptz NOT NULL
);

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_app') THEN
        GRANT SELECT, INSERT, UPDATE ON chain_checkpoints TO creditledger_app;
    END IF;
END $$;
