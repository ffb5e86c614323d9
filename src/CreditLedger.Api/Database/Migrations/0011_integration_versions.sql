-- Report ETags must change with every change to the integration catalog (names and services appear in reports). Like the
-- resource tree's (migration 0009), a timestamp cannot promise that: two changes in one instant, or instances whose
-- clocks disagree, leave max(updated_at) unchanged. Every insert and update of an integration takes a new value from
-- one sequence, and the ETag uses the highest.
CREATE SEQUENCE integration_versions;
ALTER TABLE integrations ADD COLUMN version bigint NOT NULL DEFAULT nextval('integration_versions');

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_app') THEN
        GRANT USAGE ON SEQUENCE integration_versions TO creditledger_app;
    END IF;
END $$;
