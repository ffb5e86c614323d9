#!/usr/bin/env bash
# Regenerates the dashboard's screenshots in docs/img/ (dashboard.png at 1280 px, dashboard-phone.png at 390 px) by
# running the browser tests, which drive Debian's Chromium through a seeded workspace and save what they see.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test.sh --filter "FullyQualifiedName~DashboardBrowserTests"
ls -l docs/img/dashboard.png docs/img/dashboard-phone.png
