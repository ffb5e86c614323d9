#!/usr/bin/env bash
# Starts the service in Release in the background for benchmarks and chaos runs, and stops it again.
# Needs CL_APP_CONNECTION / CL_OWNER_CONNECTION from postgres.sh.

service_start() { # port [extra env assignments...]
  local port="$1"; shift
  CL_SERVICE_URL="http://127.0.0.1:$port"
  CL_ADMIN_KEY="${CL_ADMIN_KEY:-$(random_admin_key bench-admin)}"
  mkdir -p "$CL_LOCAL"
  ensure_keyring_certificate
  env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Ledger="$CL_APP_CONNECTION" \
    CreditLedger__DataProtection__Certificate="$CL_KEYRING_CERT" CreditLedger__DataProtection__CertificateKey="$CL_KEYRING_KEY" \
    ConnectionStrings__LedgerOwner="$CL_OWNER_CONNECTION" CreditLedger__AdminApiKey="$CL_ADMIN_KEY" \
    Serilog__MinimumLevel__Default=Warning "$@" \
    dotnet "$CL_ROOT/src/CreditLedger.Api/bin/Release/net10.0/CreditLedger.Api.dll" --urls "$CL_SERVICE_URL" --contentRoot "$CL_ROOT/src/CreditLedger.Api" \
    >"$CL_LOCAL/service-$port.log" 2>&1 &
  CL_SERVICE_PID=$!
  for _ in $(seq 1 1500); do # up to 5 minutes: a migration may backfill a large ledger
    if curl -fsS "$CL_SERVICE_URL/health/ready" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$CL_SERVICE_PID" 2>/dev/null; then echo "service exited; see $CL_LOCAL/service-$port.log" >&2; return 1; fi
    sleep 0.2
  done
  echo "service did not become ready; see $CL_LOCAL/service-$port.log" >&2
  return 1
}

service_stop() {
  if [ -n "${CL_SERVICE_PID:-}" ] && kill -0 "$CL_SERVICE_PID" 2>/dev/null; then
    kill -TERM "$CL_SERVICE_PID" 2>/dev/null || true
    wait "$CL_SERVICE_PID" 2>/dev/null || true
  fi
  CL_SERVICE_PID=""
}

# The harnesses' common start: a fresh database on the local cluster and Release builds of the service and the
# load tool. Sets CL_BENCH to the tool's command line.
harness_prepare() { # database
  pg_install; pg_start_cluster
  pg_psql -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null
  pg_provision "$1"
  dotnet build src/CreditLedger.Api -c Release --nologo -v quiet >/dev/null
  dotnet build tests/CreditLedger.Bench -c Release --nologo -v quiet >/dev/null
  CL_BENCH="dotnet tests/CreditLedger.Bench/bin/Release/net10.0/CreditLedger.Bench.dll"
}

# A service on a report benchmark's ledger, seeded when it has fewer than 2 × events entries (later runs reuse it), with
# the per-key limits on expensive routes lifted so reports are measured as fast as they go. Needs the Release builds.
reports_service_start() { # database events port
  pg_provision "$1"
  service_start "$3" CreditLedger__Expensive__PerSecond=0 CreditLedger__Expensive__PerKey=256
  dotnet "$CL_ROOT/tests/CreditLedger.Bench/bin/Release/net10.0/CreditLedger.Bench.dll" seed-reports --url "$CL_SERVICE_URL" \
    --admin-key "$CL_ADMIN_KEY" --owner-connection "$CL_OWNER_CONNECTION" --workspaces 200 --events "$2" --days 90
}
