// Builds the example pages (web/*.html) into dist/, with the runtimes' wasm files copied
// next to them (ort/, tfjs-wasm/): the pages pass those URLs to createBackend as `wasmPaths`.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'vite';

const require = createRequire(import.meta.url);
const here = import.meta.dirname;
const RUNTIMES = [
  [
    dirname(require.resolve('onnxruntime-web')),
    /^ort-wasm-simd-threaded(\.\w+)?\.(mjs|wasm)$/,
    'ort',
  ],
  [
    dirname(require.resolve('@tensorflow/tfjs-backend-wasm')),
    /^tfjs-backend-wasm.*\.wasm$/,
    'tfjs-wasm',
  ],
];
const pages = ['index', 'char-rnn', 'sentiment-lstm', 'gru-language-model'];

export default defineConfig({
  root: join(here, 'web'),
  base: './',
  plugins: [
    {
      name: 'copy-runtimes',
      closeBundle() {
        for (const [from, pattern, to] of RUNTIMES) {
          mkdirSync(join(here, 'dist', to), { recursive: true });
          for (const file of readdirSync(from).filter((name) => pattern.test(name)))
            copyFileSync(join(from, file), join(here, 'dist', to, file));
        }
      },
    },
  ],
  build: {
    outDir: join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    // Not minified: tfjs-backend-wasm builds its threaded worker from a function's source text,
    // which vite 8's minifier breaks (see apps/playground/vite.config.ts).
    minify: false,
    rollupOptions: {
      input: Object.fromEntries(pages.map((page) => [page, join(here, 'web', `${page}.html`)])),
    },
  },
  preview: {
    headers: {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    },
  },
});
