#!/usr/bin/env bash
# Noisy neighbour, loopback only, bounded (about 2 minutes; stops by itself): a victim workspace records single
# events while an attacker workspace runs concurrent chain verifications of a 100k-entry ledger, 1,000-event batches,
# single events and hour-granularity Asia/Kathmandu CSV reports. Prints the victim's p50/p99 before and during the
# attack, its errors and /health/ready failures. Goal: victim p99 during <= 3x before, 0 victim errors, health 200.
# The attacker honours Retry-After by default; NOISY_RETRY_AT_ONCE=true makes it retry at once after a 429 (its
# client then spins on the same two cores as the service). NOISY_ATTACK picks parts: verify,batch,single,csv.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/service.sh

harness_prepare creditledger_noisy
trap service_stop EXIT
export CL_ADMIN_KEY="$(random_admin_key noisy-admin)"
# Request logging on at Information, as users run it.
service_start 5096 Serilog__MinimumLevel__Default=Information
$CL_BENCH noisy-neighbour --url "$CL_SERVICE_URL" --admin-key "$CL_ADMIN_KEY" --seconds "${NOISY_SECONDS:-20}" --entries "${NOISY_ENTRIES:-100000}" --attack "${NOISY_ATTACK:-verify,batch,single,csv}" --retry-at-once "${NOISY_RETRY_AT_ONCE:-false}"
