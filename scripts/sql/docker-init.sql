-- The tests' throw-away postgres:15 container (Testcontainers, when a Docker endpoint answers): the same two roles scripts/lib/postgres.sh creates. (docker-compose.yml uses scripts/docker/init-roles.sh, with passwords from .env.)
CREATE ROLE creditledger_owner LOGIN CREATEDB PASSWORD 'creditledger';
CREATE ROLE creditledger_app LOGIN PASSWORD 'creditledger';
CREATE DATABASE creditledger OWNER creditledger_owner;
\connect creditledger
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO creditledger_owner;
GRANT USAGE ON SCHEMA public TO creditledger_app;
