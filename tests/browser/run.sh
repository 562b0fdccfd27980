#!/usr/bin/env bash
# Browser tests: the example site in Debian's Chromium, driven by playwright-core (npm).
# Installs what is missing (chromium from apt, playwright-core from npm), builds the release
# binary unless PUBSITE names one, and runs the tests with Node's test runner.
# usage: tests/browser/run.sh        exit: 0 all passed, 1 a test failed
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
(cd "$HERE" && npm ci --silent --no-audit --no-fund)
if [ -z "${PUBSITE:-}" ]; then
  (cd "$REPO" && cargo build --release --locked --quiet)
  PUBSITE="${CARGO_TARGET_DIR:-$REPO/target}/release/pubsite"
fi
export PUBSITE
cd "$HERE" && node --test --test-concurrency=1 --test-reporter=spec .
