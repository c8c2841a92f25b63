#!/usr/bin/env bash
# CI for the playground: build the packages it imports, build the page with vite, and drive it
# in Debian's Chromium (the test skips itself when /usr/bin/chromium is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
(cd ../.. && npx turbo run build --filter=@rnnkit/playground^... --output-logs=errors-only)
npx vite build --logLevel warn
npx vitest run
