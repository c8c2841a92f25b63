/**
 * The playground's build. The runtimes fetch their WebAssembly at run time, so the files are
 * copied next to the page (ort/, tfjs-wasm/) and the page passes those URLs as `wasmPaths`.
 * Pages are served with COOP/COEP (cross-origin isolated), so tfjs-wasm and onnxruntime-web use
 * their threaded builds, as in a deployed app sending those headers.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);
const ORT_DIST = dirname(require.resolve('onnxruntime-web'));
const TFJS_WASM_DIST = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));

const RUNTIME_FILES: [string, RegExp, string][] = [
  [ORT_DIST, /^ort-wasm-simd-threaded(\.\w+)?\.(mjs|wasm)$/, 'ort'],
  [TFJS_WASM_DIST, /^tfjs-backend-wasm.*\.wasm$/, 'tfjs-wasm'],
];

function copyRuntimes(): Plugin {
  let outDir = 'dist';
  return {
    name: 'rnnkit-copy-runtimes',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      for (const [from, pattern, to] of RUNTIME_FILES) {
        mkdirSync(join(outDir, to), { recursive: true });
        for (const file of readdirSync(from).filter((name) => pattern.test(name)))
          copyFileSync(join(from, file), join(outDir, to, file));
      }
    },
  };
}

const isolation = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [copyRuntimes()],
  build: {
    outDir: 'dist',
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    // Not minified: tfjs-backend-wasm builds its threaded worker from a function's source text
    // (Function.prototype.toString), and vite 8's minifier renames what that text refers to
    // ("e is not defined" in every worker, and tfjs-wasm never starts).
    minify: false,
  },
  preview: { headers: isolation },
  server: { headers: isolation },
  worker: { format: 'es' },
});
