-- First-start initialisation of the postgres:15 container: the same two roles scripts/lib/postgres.sh creates.
CREATE ROLE creditledger_owner LOGIN CREATEDB PASSWORD 'creditledger';
CREATE ROLE creditledger_app LOGIN PASSWORD 'creditledger';
CREATE DATABASE creditledger OWNER creditledger_owner;
\connect creditledger
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO creditledger_owner;
GRANT USAGE ON SCHEMA public TO creditledger_app;
