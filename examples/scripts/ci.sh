#!/usr/bin/env bash
# CI for the examples: build the packages they import (as a user's install would provide
# them), then run every Node example; each exits 1 if a backend disagrees with the reference.
set -euo pipefail
cd "$(dirname "$0")/.."
(cd .. && npx turbo run build --filter=@rnnkit/core --filter=@rnnkit/onnxruntime-node --filter=@rnnkit/tfjs --filter=rnnkit --output-logs=errors-only)
npm run node
# The browser pages: bundle with vite, then open each in Chromium.
npx vite build --config vite.config.mjs --logLevel warn
node scripts/run-pages.mjs
