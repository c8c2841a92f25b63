/** The Node backends benchmarked (the reference executor is the oracle, not a contender). */
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
] as const;
export type BenchBackendId = (typeof BENCH_BACKENDS)[number];

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
      return createWasmBackend();
  }
}
