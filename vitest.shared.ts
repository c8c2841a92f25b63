// Tests run against package sources, not dist, so a change in one package is seen by the
// tests of every package that uses it without a rebuild.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packageSource = (name: string) =>
  fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export const rnnkitAliases = {
  // Before '@rnnkit/core' so the longer specifier wins (aliases match by prefix, in order).
  '@rnnkit/core/node': fileURLToPath(new URL('./packages/core/src/node.ts', import.meta.url)),
  '@rnnkit/core': packageSource('core'),
  '@rnnkit/onnx': packageSource('onnx'),
  '@rnnkit/tfjs': packageSource('tfjs'),
  '@rnnkit/onnxruntime-node': packageSource('onnxruntime-node'),
  '@rnnkit/onnxruntime-web': packageSource('onnxruntime-web'),
  '@rnnkit/keras/node': fileURLToPath(new URL('./packages/keras/src/node.ts', import.meta.url)),
  '@rnnkit/keras': packageSource('keras'),
  '@rnnkit/torch': packageSource('torch'),
  '@rnnkit/wasm': packageSource('wasm'),
  rnnkit: packageSource('cli'),
  // The apps, for the CLI commands that load them lazily (conformance, bench).
  '@rnnkit/conformance': fileURLToPath(new URL('./apps/conformance/src/index.ts', import.meta.url)),
  '@rnnkit/bench': fileURLToPath(new URL('./apps/bench/src/index.ts', import.meta.url)),
};

export default defineConfig({
  resolve: { alias: rnnkitAliases },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
