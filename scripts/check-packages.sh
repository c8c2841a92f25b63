#!/usr/bin/env bash
# Registry checks for every public package (after a build): publint, and arethetypeswrong on the
# packed tarball. CJSResolvesToESM is ignored on purpose: the packages are ESM and Node >= 20.19
# (their `engines`) loads them with require(); scripts/new-user-path.sh proves it from CommonJS.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$PWD/node_modules/.bin"
for dir in packages/*/; do
  if [ "$(node -p "require('./${dir}package.json').private === true")" = true ]; then continue; fi
  echo "== ${dir}"
  (cd "$dir" && "$bin/publint" --strict && "$bin/attw" --pack . --format table-flipped --ignore-rules cjs-resolves-to-esm)
done
