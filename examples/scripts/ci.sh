#!/usr/bin/env bash
# CI for the examples: build the packages they import (as a user's install would provide
# them), then run every Node example; each exits 1 if a backend disagrees with the reference.
set -euo pipefail
cd "$(dirname "$0")/.."
(cd .. && npx turbo run build --filter=@rnnkit/core --filter=@rnnkit/onnxruntime-node --filter=@rnnkit/tfjs --output-logs=errors-only)
npm run node
