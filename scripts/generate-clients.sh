#!/usr/bin/env bash
# Regenerates both typed clients from the committed document, openapi/creditledger.json (scripts/openapi.sh writes it):
#   C#:         src/CreditLedger.Client/Generated   (Kiota, the .NET local tool in .config/dotnet-tools.json)
#   TypeScript: clients/typescript/src/schema.d.ts  (openapi-typescript, from clients/typescript/package.json)
# Generated code is committed and never edited by hand. `--check` regenerates into a scratch directory and fails when the
# committed code differs (the test suite runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
check=false
if [ "${1:-}" = "--check" ]; then check=true; fi

csharp_out=src/CreditLedger.Client/Generated
typescript_out=clients/typescript/src/schema.d.ts
if $check; then
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  csharp_out="$scratch/csharp"
  typescript_out="$scratch/schema.d.ts"
fi

dotnet tool restore >/dev/null
log="$(mktemp)"
# Kiota looks for a newer version of itself online; where it cannot, that is noise, so its log is shown only on failure.
if ! dotnet kiota generate --language CSharp --openapi openapi/creditledger.json --output "$csharp_out" \
     --class-name CreditLedgerApiClient --namespace-name CreditLedger.Client.Generated --exclude-backward-compatible \
     --clean-output --log-level Warning >"$log" 2>&1; then
  cat "$log"; rm -f "$log"; exit 1
fi
rm -f "$log"

if [ ! -d clients/typescript/node_modules ]; then (cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error); fi
clients/typescript/node_modules/.bin/openapi-typescript openapi/creditledger.json --output "$typescript_out" >/dev/null

if $check; then
  # The lock file records where the output was written; everything else must be byte for byte the same.
  if ! diff -r -q -x kiota-lock.json src/CreditLedger.Client/Generated "$csharp_out" || ! diff -q clients/typescript/src/schema.d.ts "$typescript_out"; then
    echo "The committed clients differ from what openapi/creditledger.json generates: run scripts/generate-clients.sh and commit." >&2
    exit 1
  fi
  echo "clients match openapi/creditledger.json"
fi
