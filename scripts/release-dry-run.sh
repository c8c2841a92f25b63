#!/usr/bin/env bash
# The changesets release flow, proven without publishing: `changeset version` on a scratch copy
# of the repository (built packages included), then `npm publish --dry-run` of every public
# package as versioned there. Nothing in the repository changes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
tar -C "$root" --exclude=./node_modules --exclude='./packages/*/node_modules' \
  --exclude='./apps/*/node_modules' --exclude=./.git --exclude=./.turbo -cf - . | tar -C "$scratch" -xf -
ln -s "$root/node_modules" "$scratch/node_modules"
cd "$scratch"
before=$(node -p "require('./packages/core/package.json').version")
"$root/node_modules/.bin/changeset" version
after=$(node -p "require('./packages/core/package.json').version")
echo "changeset version: @rnnkit/core ${before} -> ${after}"
for dir in packages/*/; do
  if [ "$(node -p "require('./${dir}package.json').private === true")" = true ]; then continue; fi
  version=$(node -p "require('./${dir}package.json').version")
  case "$version" in 0.*) ;; *) echo "changeset version made ${dir} ${version}: a 0.x package jumped a major" >&2; exit 1;; esac
  (cd "$dir" && npm publish --dry-run --ignore-scripts 2>&1 | grep -E '^npm notice (name|version|filename|package size|total files)|\+ ') || {
    echo "npm publish --dry-run failed in ${dir}" >&2
    exit 1
  }
done
