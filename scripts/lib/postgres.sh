#!/usr/bin/env bash
# Provisions a local PostgreSQL for CreditLedger on Debian: installs it when missing, makes sure a cluster
# runs, and creates two login roles (an owner that migrates, a runtime role with no rights to rewrite the
# ledger) and the requested databases. Sourced by run.sh, test.sh and bench scripts; safe to run again.
set -euo pipefail

CL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CL_LOCAL="$CL_ROOT/.local"
# This checkout's own database for run.sh and rebuild-rollups.sh, named after the checkout's path: a second clone on the
# machine gets another one, so it never migrates, reads or rewrites the first one's data.
CL_CHECKOUT_DB="creditledger_$(printf %s "$CL_ROOT" | sha256sum | cut -c1-10)"
CL_OWNER_ROLE="creditledger_owner"
CL_APP_ROLE="creditledger_app"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { as_root runuser -u postgres -- "$@"; }
# A Debian package a script needs, installed when its command is missing (wrk, chromium).
need_package() { command -v "$1" >/dev/null || { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null; as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${2:-$1}" >/dev/null; }; }
pg_log() { echo "[postgres] $*" >&2; }
# An admin key the service accepts outside Development: the prefix, then 32 random hex digits.
# The certificate that encrypts the Data Protection key ring (required outside Development): made once per checkout.
# Sets CL_KEYRING_CERT and CL_KEYRING_KEY (PEM files under .local).
ensure_keyring_certificate() {
  CL_KEYRING_CERT="$CL_LOCAL/keyring.crt"; CL_KEYRING_KEY="$CL_LOCAL/keyring.key"
  if [ ! -s "$CL_KEYRING_CERT" ] || [ ! -s "$CL_KEYRING_KEY" ]; then
    mkdir -p "$CL_LOCAL"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=CreditLedger key ring" \
      -keyout "$CL_KEYRING_KEY" -out "$CL_KEYRING_CERT" >/dev/null 2>&1
    chmod 600 "$CL_KEYRING_KEY"
  fi
}
random_admin_key() { echo "$1-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }

# The newest installed PostgreSQL version, and one column of a cluster's row in pg_lsclusters (3 port, 4 status,
# 6 data directory; empty when the cluster does not exist).
pg_latest_version() { ls /usr/lib/postgresql | sort -V | tail -n 1; }
pg_cluster_column() { pg_lsclusters -h | awk -v v="$1" -v c="$2" -v n="$3" '$1==v && $2==c {print $n}'; } # version cluster column

pg_install() {
  if ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then return; fi
  pg_log "installing PostgreSQL from Debian's packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
  # The package starts its new cluster on ordinary pages; nothing uses it yet, so pg_start_cluster starts it again.
  as_root pg_ctlcluster "$(pg_latest_version)" main stop 2>/dev/null || true
}

# Starts (or restarts) a cluster with huge pages for its shared memory. Measured on this project's VM, 4 KiB pages cost
# single events 19 % more PostgreSQL CPU each and made the ledger's insert take 1.6× as long (ADR 24). The kernel's
# pool is raised by what the cluster needs (PostgreSQL computes it) only when too few pages are free, so clusters add
# up and a restart reuses its own; never lowered. huge_pages stays "try": where
# the pool cannot be raised (no root, a container) PostgreSQL starts on ordinary pages. CL_HUGE_PAGES=0 skips it.
pg_cluster_start() { # version cluster [start|restart]
  local version="$1" cluster="$2" action="${3:-start}" datadir config needed total free
  if [ "${CL_HUGE_PAGES:-1}" != 0 ] && [ -r /proc/meminfo ]; then
    datadir="$(pg_cluster_column "$version" "$cluster" 6)"
    config="/etc/postgresql/$version/$cluster/postgresql.conf"
    [ "$action" = restart ] && as_root pg_ctlcluster "$version" "$cluster" stop && action=start
    needed="$(as_postgres "/usr/lib/postgresql/$version/bin/postgres" -D "$datadir" -c config_file="$config" \
      -C shared_memory_size_in_huge_pages 2>/dev/null || echo 0)"
    # Free pages include those a running cluster has reserved but not yet touched (Rsvd): they are not free to take.
    total="$(awk '/^HugePages_Total/ {print $2}' /proc/meminfo)"
    free="$(awk '/^HugePages_Free/ {f = $2} /^HugePages_Rsvd/ {r = $2} END {print f - r}' /proc/meminfo)"
    total="${total:-0}"; free="${free:-0}"; [[ "$needed" =~ ^[0-9]+$ ]] || needed=0 # -1: no huge pages on this platform
    if [ "$needed" -gt "$free" ] && as_root sysctl -qw vm.nr_hugepages=$((total + needed - free)) 2>/dev/null; then
      pg_log "reserved $((needed - free)) more huge pages for $version/$cluster's shared memory (CL_HUGE_PAGES=0 to skip)"
    fi
  fi
  as_root pg_ctlcluster "$version" "$cluster" "$action"
}

pg_start_cluster() {
  local version
  version="$(pg_latest_version)"
  if [ -z "$(pg_cluster_column "$version" main 4)" ]; then
    pg_log "creating cluster $version/main"
    as_root pg_createcluster "$version" main >/dev/null
  fi
  if ! pg_cluster_column "$version" main 4 | grep -q online; then
    pg_log "starting cluster $version/main"
    pg_cluster_start "$version" main
  fi
  CL_PG_PORT="$(pg_cluster_column "$version" main 3)"
  CL_PG_VERSION="$version"
}

# The dev-only password of this machine's loopback cluster, one for every checkout: the roles are cluster-wide, so a
# password per checkout meant each checkout's set-up re-set them and broke the others' running services. Kept root-only
# beside the cluster's configuration (the first checkout to run seeds it with its own earlier password, if it had one)
# and copied to this checkout's .local/ (git-ignored) for its connection strings.
pg_password() {
  mkdir -p "$CL_LOCAL"
  local shared="/etc/postgresql/$CL_PG_VERSION/main/creditledger-dev-password" file="$CL_LOCAL/pg-password"
  if ! as_root test -s "$shared"; then
    { [ -s "$file" ] && cat "$file" || head -c 18 /dev/urandom | base64 | tr -d '/+='; } | as_root tee "$shared" >/dev/null
    as_root chmod 600 "$shared"
  fi
  as_root cat "$shared" > "$file"
  chmod 600 "$file"
  cat "$file"
}

pg_psql() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$CL_PG_PORT" "$@"; }

pg_ensure_roles() {
  local password="$1"
  pg_psql -d postgres <<SQL >/dev/null
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$CL_OWNER_ROLE') THEN
    CREATE ROLE $CL_OWNER_ROLE LOGIN CREATEDB;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$CL_APP_ROLE') THEN
    CREATE ROLE $CL_APP_ROLE LOGIN;
  END IF;
END \$\$;
ALTER ROLE $CL_OWNER_ROLE PASSWORD '$password';
ALTER ROLE $CL_APP_ROLE PASSWORD '$password';
SQL
}

pg_database_exists() { [ "$(pg_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }

pg_ensure_database() {
  local db="$1"
  if ! pg_database_exists "$db"; then
    pg_psql -d postgres -c "CREATE DATABASE $db OWNER $CL_OWNER_ROLE" >/dev/null
  fi
  # The runtime role may connect and use the schema; table rights come from the migrations.
  pg_psql -d "$db" -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO $CL_APP_ROLE; ALTER SCHEMA public OWNER TO $CL_OWNER_ROLE" >/dev/null
}

conn_string() { # role database — loopback only, so no TLS (the Debian cluster offers it, and it costs CPU)
  echo "Host=127.0.0.1;Port=$CL_PG_PORT;Username=$1;Password=$CL_PG_PASSWORD;Database=$2;SSL Mode=Disable"
}

# Entry point: pg_provision DATABASE → exports CL_OWNER_CONNECTION and CL_APP_CONNECTION.
pg_provision() {
  local db="$1"
  pg_install
  pg_start_cluster
  CL_PG_PASSWORD="$(pg_password)"
  pg_ensure_roles "$CL_PG_PASSWORD"
  pg_ensure_database "$db"
  export CL_OWNER_CONNECTION CL_APP_CONNECTION
  CL_OWNER_CONNECTION="$(conn_string "$CL_OWNER_ROLE" "$db")"
  CL_APP_CONNECTION="$(conn_string "$CL_APP_ROLE" "$db")"
}

# Provisions the test database and records its connections in .local/test-connections, where the test fixture finds
# them when no CREDITLEDGER_TEST_* variables are set (so plain `dotnet test CreditLedger.sln` works afterwards).
pg_record_test_connections() {
  pg_provision creditledger_test
  mkdir -p "$CL_LOCAL"
  printf '%s\n%s\n' "$CL_OWNER_CONNECTION" "$CL_APP_CONNECTION" > "$CL_LOCAL/test-connections"
  chmod 600 "$CL_LOCAL/test-connections"
}

# The tests' hot standby (started by test.sh, which starts it again) replays every write on the same cores, so the
# measuring scripts stop it before they measure.
pg_stop_standby_for_measuring() {
  if pg_lsclusters -h 2>/dev/null | awk '$2 == "standby" {print $4}' | grep -q online; then
    echo "== stopping the tests' hot standby for the run"
    as_root pg_ctlcluster "$(pg_lsclusters -h | awk '$2 == "standby" {print $1}')" standby stop
  fi
}

# A hot standby of the local cluster, streaming from it (cluster "standby", the next free port), for replica reads:
# made once with pg_basebackup, started when down. Its replication slot keeps the WAL it has not replayed while it is
# stopped (bench.sh stops it), up to max_slot_wal_keep_size (4 GB); past that it is made again. Exports CL_STANDBY_PORT
# and CL_STANDBY_CLUSTER.
pg_start_standby() {
  local version
  version="$(pg_latest_version)"
  pg_make_standby "$version"
  for _ in $(seq 1 300); do # up to 30 s for the standby to stream
    [ "$(pg_psql -d postgres -tAc "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" -gt 0 ] && return 0
    sleep 0.1
  done
  pg_log "the hot standby does not stream; making it again"
  as_root pg_dropcluster --stop "$version" standby
  pg_make_standby "$version"
}

pg_make_standby() { # version
  local version="$1" datadir
  CL_STANDBY_CLUSTER="$version standby"
  if [ -z "$(pg_cluster_column "$version" standby 4)" ]; then
    pg_log "creating hot standby $version/standby (pg_basebackup from $version/main)"
    pg_psql -d postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'creditledger_replicator') THEN
    CREATE ROLE creditledger_replicator LOGIN REPLICATION;
  END IF;
END \$\$;
ALTER ROLE creditledger_replicator PASSWORD '$CL_PG_PASSWORD';
ALTER SYSTEM SET max_slot_wal_keep_size = '4GB';
SELECT pg_reload_conf();
SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'creditledger_standby';
SQL
    as_root pg_createcluster "$version" standby >/dev/null
    datadir="$(pg_cluster_column "$version" standby 6)"
    as_root rm -rf "$datadir"
    # -R writes standby.signal and primary_conninfo: the copy starts as a hot standby following main.
    as_postgres env PGPASSWORD="$CL_PG_PASSWORD" pg_basebackup -h 127.0.0.1 -p "$CL_PG_PORT" -U creditledger_replicator \
      -D "$datadir" -R -X stream -c fast -C -S creditledger_standby
  fi
  if ! pg_cluster_column "$version" standby 4 | grep -q online; then
    pg_log "starting hot standby $version/standby"
    pg_cluster_start "$version" standby
  fi
  CL_STANDBY_PORT="$(pg_cluster_column "$version" standby 3)"
  export CL_STANDBY_PORT CL_STANDBY_CLUSTER
}
