#!/usr/bin/env bash
# npm test — the whole suite: typecheck, lint, unit and integration tests
# (against the PostgreSQL server on 127.0.0.1:5432), a production build, and
# the browser tests in Chromium. Prints "N passed, N failed" at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# The JSON reports live outside test-results/, which Playwright empties when it starts.
mkdir -p test-results test-summary

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432. Start it (see README, 'Running the tests') and try again." >&2
  exit 1
fi

step() { printf '\n==> %s\n' "$*"; }
started=$(date +%s)

step "Typecheck"
npx tsc --noEmit

step "Lint"
npx eslint --max-warnings=0 .

step "Unit and integration tests (Vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-summary/vitest.json

step "Production build"
node_modules/.bin/next build

step "Browser tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=test-summary/playwright.json npx playwright test --reporter=list,json

node scripts/test-summary.mjs test-summary/vitest.json test-summary/playwright.json
echo "Whole suite took $(( $(date +%s) - started )) s."
