#!/usr/bin/env bash
# The new user's path, end to end, as the issue tried it: pack every public package, install
# them into a fresh app from the tarballs (third-party packages from the registry), run the CLI
# from that install, require() every entry from CommonJS, compile the READMEs' examples with
# `tsc --strict` and run the rnnkit one, bundle a page with esbuild and with vite, and open it
# in Chromium to run a PyTorch-exported model on ort-web-wasm and tfjs-wasm against PyTorch's
# own outputs. Exits non-zero at the first step that fails. KEEP=1 keeps the temporary app.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
here="$repo/scripts/new-user-path"
bin="$repo/node_modules/.bin"
work="$(mktemp -d /tmp/rnnkit-new-user.XXXXXX)"
if [ "${KEEP:-}" = 1 ]; then echo "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
fixture="$repo/packages/cli/src/commands/__fixtures__/torch-export/gru_seq_time_major_opset14"
step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

step "build and pack every public package"
(cd "$repo" && "$bin/turbo" run build --filter='./packages/*' --output-logs=errors-only >/dev/null)
mkdir -p "$work/tarballs"
for dir in "$repo"/packages/*/; do
  [ "$(node -p "require('${dir}package.json').private === true")" = true ] && continue
  (cd "$dir" && npm pack --pack-destination "$work/tarballs" --ignore-scripts --silent >/dev/null)
done
ls "$work/tarballs"
tarball() { ls "$work/tarballs"/$1-[0-9]*.tgz; }

step "npm install rnnkit (its @rnnkit dependencies as tarballs, the rest from the registry)"
app="$work/app"
mkdir -p "$app" && cd "$app"
echo '{ "name": "new-user-app", "private": true, "type": "module" }' > package.json
npm install --no-package-lock "$(tarball rnnkit)" "$(tarball rnnkit-core)" "$(tarball rnnkit-onnx)" \
  "$(tarball rnnkit-tfjs)" "$(tarball rnnkit-onnxruntime-web)" "$(tarball rnnkit-keras)" \
  "$(tarball rnnkit-torch)" "$(tarball rnnkit-wasm)" 2> npm-install.log
cat npm-install.log
if grep -qi 'unknown .*config' npm-install.log; then fail "npm warned about an unknown config key"; fi
[ -e node_modules/onnxruntime-node ] && fail "npm install rnnkit pulled onnxruntime-node"
[ -e node_modules/@tensorflow/tfjs ] && fail "npm install rnnkit pulled @tensorflow/tfjs"
echo "node_modules after npm install rnnkit: $(du -sm node_modules | cut -f1) MB"
reason=$(npx --no rnnkit backends --json | node -e "
  const list = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  console.log(list.find((b) => b.id === 'ort-node-cpu').reason ?? 'usable');")
echo "ort-node-cpu before installing it: $reason"
case "$reason" in *"npm install @rnnkit/onnxruntime-node onnxruntime-node"*) ;; *) fail "ort-node-cpu should name what to install";; esac

step "ort-node-cpu, as its README says: npm install @rnnkit/onnxruntime-node onnxruntime-node"
ONNXRUNTIME_NODE_INSTALL=skip npm install --no-package-lock "$(tarball rnnkit-onnxruntime-node)" \
  onnxruntime-node@^1.30.0 2> npm-install-ort.log
if grep -qi 'unknown .*config' npm-install-ort.log; then fail "npm warned about an unknown config key"; fi

step "the CLI from the install"
cp "$fixture.onnx" model.onnx && cp "$fixture.inputs.json" inputs.json && cp "$fixture.outputs.json" outputs.json
npx --no rnnkit backends
npx --no rnnkit conformance model.onnx --input inputs.json --expected outputs.json --browser \
  --backends reference,ort-node-cpu,ort-web-wasm,tfjs-wasm,tfjs-cpu

step "require() from CommonJS (Node $(node --version))"
node "$here/require-check.cjs"

step "the READMEs' examples under tsc --strict"
node "$here/extract-examples.mjs" "$repo" examples
cp "$here/page.ts" examples/page.ts
cat > tsconfig.json <<JSON
{
  "compilerOptions": {
    "strict": true, "target": "ES2022", "module": "nodenext", "moduleResolution": "nodenext",
    "lib": ["ES2022", "DOM"], "skipLibCheck": true, "outDir": "built",
    "typeRoots": ["$repo/node_modules/@types"], "types": ["node"]
  },
  "include": ["examples"]
}
JSON
"$bin/tsc" -p tsconfig.json
echo "compiled: $(ls examples | tr '\n' ' ')"
# moduleResolution node (node10) predates exports maps: the subpath entries must still resolve.
cat > node10.ts <<'TS'
import { loadModelFromFiles } from '@rnnkit/core/node';
import { importKerasFromPath } from '@rnnkit/keras/node';
import { loadModel } from 'rnnkit';
export const used = [loadModelFromFiles, importKerasFromPath, loadModel];
TS
"$bin/tsc" --strict --noEmit --skipLibCheck --module esnext --moduleResolution node --target ES2022 \
  --typeRoots "$repo/node_modules/@types" --types node node10.ts
echo "moduleResolution node: @rnnkit/core/node, @rnnkit/keras/node and rnnkit resolve"
echo "running the rnnkit README example on model.onnx (a torch.onnx.export GRU):"
node built/cli-1.js

step "bundle a page with esbuild (plain: --bundle --platform=browser)"
web="$work/web-esbuild"
mkdir -p "$web/ort" "$web/tfjs"
cp "$here/page.ts" page.ts
"$bin/esbuild" page.ts --bundle --platform=browser --format=esm --splitting --outdir="$web" \
  --log-level=warning
echo '<!doctype html><meta charset="utf-8"><script type="module" src="./page.js"></script>' > "$web/index.html"
cp model.onnx inputs.json outputs.json "$web/"
cp node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.{wasm,mjs} "$web/ort/"
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$web/tfjs/"
node "$here/drive-page.mjs" "$web" esbuild '[
  {"backend": "ort-web-wasm", "expect": "error", "errorIncludes": ["{origin}/ort-wasm-simd-threaded.wasm", "wasmPaths"]},
  {"backend": "tfjs-wasm", "expect": "error", "errorIncludes": ["{origin}/", "wasmPaths"]},
  {"backend": "ort-web-wasm", "wasmPaths": "/ort/", "expect": "pass"},
  {"backend": "tfjs-wasm", "wasmPaths": "/tfjs/", "expect": "pass"},
  {"backend": "tfjs-cpu", "expect": "pass"}
]'

step "bundle the same page with vite (vite build, no config)"
site="$work/vite-app"
mkdir -p "$site/public/tfjs"
cp "$here/index.html" "$here/page.ts" "$site/"
ln -s "$app/node_modules" "$site/node_modules"
cp model.onnx inputs.json outputs.json "$site/public/"
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$site/public/tfjs/"
(cd "$site" && "$bin/vite" build --logLevel warn --outDir dist)
echo "wasm in vite's output: $(cd "$site/dist" && find . -name '*.wasm' -printf '%f %s bytes; ')"
node "$here/drive-page.mjs" "$site/dist" vite '[
  {"backend": "ort-web-wasm", "expect": "pass"},
  {"backend": "tfjs-wasm", "wasmPaths": "/tfjs/", "expect": "pass"}
]'

step "new-user path: every step passed"
