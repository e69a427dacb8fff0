#!/usr/bin/env bash
# Browser tests: headless Debian Chromium driven by playwright-core, against
# the stack deploy/test started (SESAME_TEST_* variables). Run by ctest.
set -euo pipefail
cd "$(dirname "$0")"
: "${SESAME_TEST_BASE_URL:?run the browser tests through deploy/test}"
if [[ ! -d node_modules/playwright-core || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# The files named, or each *.test.mjs file in turn (they share the demo
# account): the common screens' here, each flow's in tests/flows/<name>/
# (they import ./lib.mjs). ctest runs one file a test.
rc=0
(($#)) || set -- ./*.test.mjs ../flows/*/*.test.mjs
for f in "$@"; do
  [[ -e $f ]] || continue
  node --test "$f" || rc=1
done
exit "$rc"
