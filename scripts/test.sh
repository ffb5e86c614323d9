#!/usr/bin/env bash
# Runs every test project against a real PostgreSQL and ends with "N passed, N failed".
# `scripts/test.sh --filter EXPR` runs only the tests the dotnet test filter selects (scripts/checkout-independence.sh).
# Uses CREDITLEDGER_TEST_OWNER_CONNECTION / CREDITLEDGER_TEST_APP_CONNECTION when both are set; otherwise
# provisions a local cluster (installing PostgreSQL from Debian's packages when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh

# Every test runs here: a test missing its set-up (the standby, Chromium) fails instead of skipping.
export CREDITLEDGER_TEST_COMPLETE=1
if [ -z "${CREDITLEDGER_TEST_OWNER_CONNECTION:-}" ] || [ -z "${CREDITLEDGER_TEST_APP_CONNECTION:-}" ]; then
  pg_record_test_connections
  export CREDITLEDGER_TEST_OWNER_CONNECTION="$CL_OWNER_CONNECTION"
  export CREDITLEDGER_TEST_APP_CONNECTION="$CL_APP_CONNECTION"
  # The replica tests read from a real hot standby of this cluster (streaming replication).
  pg_start_standby
  printf '%s\n%s\n' "$CL_STANDBY_PORT" "$CL_STANDBY_CLUSTER" > "$CL_LOCAL/test-standby"
fi

# Browser tests drive Debian's Chromium (no browser download); the OpenAPI validator's npm packages are installed by
# the test project's build.
need_package chromium

filter=()
if [ "${1:-}" = "--filter" ]; then filter=(--filter "$2"); fi
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0
if ! dotnet build CreditLedger.sln -c Release --nologo -v quiet; then
  echo "0 passed, 1 failed"
  exit 1
fi
for project in tests/*.Tests/*.csproj; do
  # A test that hangs fails the run after 10 minutes instead of using up CI's time.
  dotnet test "$project" -c Release --no-build --nologo --blame-hang-timeout 10m --blame-hang-dump-type none "${filter[@]}" \
    --logger "trx;LogFileName=$(basename "$project" .csproj).trx" --results-directory "$results" || status=1
done

# Totals across projects, read from the TRX files (one line, as CI expects).
python3 - "$results" <<'PY'
import glob, re, sys
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<Counters [^>]*', text)
    counters = dict(re.findall(r'(\w+)="(\d+)"', m.group(0))) if m else {}
    passed += int(counters.get("passed", 0))
    run_failed = int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    # A run can fail outside any test (a class fixture's cleanup); count it so the line agrees with the exit code.
    if run_failed == 0 and re.search(r'<ResultSummary outcome="(Failed|Error)"', text):
        run_failed = 1
    failed += run_failed
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
exit $status
