#!/usr/bin/env bash
# The standby container: on first start, copy the primary with pg_basebackup (-R: start as a hot standby that
# streams from it), then run PostgreSQL as the image does.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h postgres -U postgres >/dev/null 2>&1; do sleep 1; done
  PGPASSWORD="$CREDITLEDGER_DB_PASSWORD" pg_basebackup -h postgres -U creditledger_replicator -D "$PGDATA" -R -X stream -c fast
  chmod 0700 "$PGDATA"
fi
exec postgres
