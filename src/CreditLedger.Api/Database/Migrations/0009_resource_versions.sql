-- Report ETags must change with every change to the resource tree. A timestamp cannot promise that (two changes in one
-- microsecond, or clocks of several instances that disagree, leave max(updated_at) unchanged), so every insert, update
-- and deletion of a resource takes a new value from one sequence, and the ETag uses the workspace's highest.
CREATE SEQUENCE resource_versions;
ALTER TABLE resources ADD COLUMN version bigint NOT NULL DEFAULT nextval('resource_versions');

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_app') THEN
        GRANT USAGE ON SEQUENCE resource_versions TO creditledger_app;
        GRANT UPDATE (version) ON resources TO creditledger_app;
    END IF;
END $$;
