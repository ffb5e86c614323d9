#!/usr/bin/env bash
# First start of the primary container (docker-entrypoint-initdb.d): the role the standby streams as, allowed to
# connect for replication from the compose network.
set -euo pipefail
psql -v ON_ERROR_STOP=1 -U postgres -v password="$CREDITLEDGER_DB_PASSWORD" <<'SQL'
CREATE ROLE creditledger_replicator LOGIN REPLICATION PASSWORD :'password';
SQL
echo "host replication creditledger_replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
