/**
 * Node-only: where the installed @tensorflow/tfjs-backend-wasm keeps its .wasm binaries.
 * Loaded by dynamic import only after `isNode()`, so browser bundles never evaluate it.
 * Resolving from the installed package (not a CDN) keeps Node runs offline and pinned to the
 * same version as the JavaScript half of the backend.
 */
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';

export function installedWasmDirectory(): string {
  const require = createRequire(import.meta.url);
  // The package's main entry is dist/tf-backend-wasm.node.js, beside the .wasm files.
  const main = require.resolve('@tensorflow/tfjs-backend-wasm');
  return dirname(main) + sep;
}
