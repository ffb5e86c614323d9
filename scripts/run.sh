#!/usr/bin/env bash
# Runs CreditLedger on http://127.0.0.1:5080 (override with CREDITLEDGER_URLS).
# Uses ConnectionStrings__Ledger when set; otherwise provisions a local PostgreSQL (installing it from Debian's
# packages when missing) with an owner role for migrations and a runtime role for the service.
# The admin key is CreditLedger__AdminApiKey when set, else one generated once and kept in .local/admin-key.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh

provisioned=""
if [ -z "${ConnectionStrings__Ledger:-}" ]; then
  pg_record_test_connections # so `dotnet test CreditLedger.sln` works afterwards too
  pg_provision "$CL_CHECKOUT_DB"
  export ConnectionStrings__Ledger="$CL_APP_CONNECTION"
  export ConnectionStrings__LedgerOwner="$CL_OWNER_CONNECTION"
  provisioned=1
fi

if [ -z "${CreditLedger__AdminApiKey:-}" ]; then
  mkdir -p .local
  # Outside Development the service refuses a key under 32 characters: an older, shorter one is replaced.
  if [ "$(wc -c < .local/admin-key 2>/dev/null || echo 0)" -lt 33 ]; then random_admin_key cla > .local/admin-key; fi
  export CreditLedger__AdminApiKey="$(cat .local/admin-key)"
fi

# The key ring that encrypts webhook secrets is itself encrypted with a certificate (required outside Development).
if [ -z "${CreditLedger__DataProtection__Certificate:-}" ]; then
  ensure_keyring_certificate
  export CreditLedger__DataProtection__Certificate="$CL_KEYRING_CERT" CreditLedger__DataProtection__CertificateKey="$CL_KEYRING_KEY"
fi

if [ -n "$provisioned" ]; then
  # `dotnet run --project src/CreditLedger.Api` (Development) finds the same database and key in user-secrets.
  for setting in "ConnectionStrings:Ledger=$ConnectionStrings__Ledger" "ConnectionStrings:LedgerOwner=$ConnectionStrings__LedgerOwner" \
                 "CreditLedger:AdminApiKey=$CreditLedger__AdminApiKey"; do
    dotnet user-secrets --project src/CreditLedger.Api set "${setting%%=*}" "${setting#*=}" >/dev/null
  done
fi

# Readable log lines for a person at a terminal; compact JSON for anything that collects the output.
if [ -t 1 ]; then export CreditLedger__Logging__Section="${CreditLedger__Logging__Section:-SerilogReadable}"; fi

urls="${CREDITLEDGER_URLS:-http://127.0.0.1:5080}"
configuration="${CREDITLEDGER_CONFIGURATION:-Release}"
dotnet build src/CreditLedger.Api -c "$configuration" --nologo -v quiet
# The admin key goes only to a person at a terminal, never into whatever captures stderr (service logs).
if [ -t 2 ] && [ -s .local/admin-key ] && [ "$(cat .local/admin-key)" = "$CreditLedger__AdminApiKey" ]; then
  echo "CreditLedger: Swagger UI at ${urls%%;*}/swagger   admin key: $CreditLedger__AdminApiKey" >&2
elif [ -s .local/admin-key ] && [ "$(cat .local/admin-key)" = "$CreditLedger__AdminApiKey" ]; then
  echo "CreditLedger: Swagger UI at ${urls%%;*}/swagger   admin key: in $PWD/.local/admin-key" >&2
else
  echo "CreditLedger: Swagger UI at ${urls%%;*}/swagger   admin key: the one in CreditLedger__AdminApiKey" >&2
fi
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
exec dotnet src/CreditLedger.Api/bin/"$configuration"/net10.0/CreditLedger.Api.dll --urls "$urls" --contentRoot "$PWD/src/CreditLedger.Api"
