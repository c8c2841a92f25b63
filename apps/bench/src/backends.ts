/**
 * The Node backends benchmarked (the reference executor is the oracle, not a contender).
 * rnnkit-wasm runs in two rows: `rnnkit-wasm` is its SIMD128 build (what Node 20 gets by
 * default), `rnnkit-wasm-relaxed` its relaxed-SIMD build (FMA in the products), which Node 20
 * validates only under --experimental-wasm-relaxed-simd: main.ts re-runs the bench with that flag
 * when the row is asked for. Each row forces its build, so the flag never changes which one
 * `rnnkit-wasm` measures. `rnnkit-wasm-threads` is the SIMD128 build with `threads: 2` (the
 * calling thread and one worker: this machine's two cores), its async `run` splitting a batch.
 */
import type { Backend } from '@rnnkit/core';
import { createOrtNodeBackend } from '@rnnkit/onnxruntime-node';
import { createOrtWebBackend } from '@rnnkit/onnxruntime-web';
import { createTfjsBackend } from '@rnnkit/tfjs';
import { createWasmBackend } from '@rnnkit/wasm';

export const BENCH_BACKENDS = [
  'tfjs-cpu',
  'tfjs-wasm',
  'ort-node-cpu',
  'ort-web-wasm',
  'rnnkit-wasm',
  'rnnkit-wasm-relaxed',
  'rnnkit-wasm-threads',
] as const;
export type BenchBackendId = (typeof BENCH_BACKENDS)[number];

/** Without --backends: every row but rnnkit-wasm-relaxed, which needs a flagged Node 20. */
export const DEFAULT_BENCH_BACKENDS: readonly BenchBackendId[] = BENCH_BACKENDS.filter(
  (id) => id !== 'rnnkit-wasm-relaxed',
);

export function createBenchBackend(id: BenchBackendId): Backend {
  switch (id) {
    case 'tfjs-cpu':
      return createTfjsBackend({ backend: 'cpu' });
    case 'tfjs-wasm':
      return createTfjsBackend({ backend: 'wasm' });
    case 'ort-node-cpu':
      return createOrtNodeBackend();
    case 'ort-web-wasm':
      return createOrtWebBackend({ executionProvider: 'wasm' });
    case 'rnnkit-wasm':
      return createWasmBackend({ simd: 'simd128' });
    case 'rnnkit-wasm-relaxed':
      return createWasmBackend({ simd: 'relaxed' });
    case 'rnnkit-wasm-threads':
      return createWasmBackend({ simd: 'simd128', threads: 2 });
  }
}
