#!/usr/bin/env bash
# First start of the primary container (docker-entrypoint-initdb.d): the same two roles scripts/lib/postgres.sh creates,
# with the password from .env (CREDITLEDGER_DB_PASSWORD), and the database they use.
set -euo pipefail
psql -v ON_ERROR_STOP=1 -U postgres -v password="$CREDITLEDGER_DB_PASSWORD" <<'SQL'
CREATE ROLE creditledger_owner LOGIN CREATEDB PASSWORD :'password';
CREATE ROLE creditledger_app LOGIN PASSWORD :'password';
CREATE DATABASE creditledger OWNER creditledger_owner;
\connect creditledger
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO creditledger_owner;
GRANT USAGE ON SCHEMA public TO creditledger_app;
SQL
