#!/usr/bin/env bash
# Recomputes every workspace's hourly usage rollups from the ledger (safe while the service runs: each
# workspace is rebuilt under its own lock). Uses ConnectionStrings__Ledger, or the local cluster of run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
if [ -z "${ConnectionStrings__Ledger:-}" ]; then
  pg_provision "$CL_CHECKOUT_DB"
  export ConnectionStrings__Ledger="$CL_APP_CONNECTION"
fi
dotnet build src/CreditLedger.Api -c Release --nologo -v quiet
exec dotnet src/CreditLedger.Api/bin/Release/net10.0/CreditLedger.Api.dll rebuild-rollups
