/**
 * Runs wherever /usr/bin/chromium exists (about 10 s; RNNKIT_BROWSER=0 skips it, as in
 * onnxruntime-web's browser test). Bundles the main entry for the browser with esbuild, serves
 * it from localhost (WebGPU needs a secure context) and runs a GRU and a bidirectional LSTM on
 * tfjs-cpu, -wasm, -webgl and -webgpu in headless Chromium (SwiftShader), against the reference:
 * once on a plain page and once cross-origin isolated, where tfjs-wasm runs its threaded build.
 * On both it checks that tfjs-wasm had the SIMD LSTM cell (layers/wasm/simd-lstm-cell.ts), which
 * the 4-unit LSTM then ran. The full cross-backend browser suite lives in apps/conformance; this
 * checks the package alone.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReferenceBackend, type Model, type ModelSpec, toleranceFor } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import {
  browserSkipReason,
  launchChromium,
  pageResult,
  serveFiles,
} from './test-support/chromium.js';
import { expectClose } from './test-support/compare.js';
import { seededFeatures, seededModel } from './test-support/seeded-weights.js';

const enabled = browserSkipReason() === undefined;

const spec: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'x', type: 'features', size: 3 },
  layers: [
    {
      type: 'gru',
      name: 'g',
      units: 4,
      resetAfter: true,
      recurrentBias: true,
      returnSequences: true,
    },
    // 4 units: the SIMD cell's multiple of 4
    { type: 'lstm', name: 'l', units: 4, direction: 'bidirectional' },
  ],
  output: { name: 'y' },
};

describe.runIf(enabled)('in Chromium', () => {
  it('runs on tfjs-cpu, -wasm, -webgl and -webgpu and matches the reference', async () => {
    const esbuild = await import('esbuild');
    const here = dirname(fileURLToPath(import.meta.url));
    const out = mkdtempSync(join(tmpdir(), 'rnnkit-tfjs-browser-'));
    await esbuild.build({
      entryPoints: [join(here, 'index.ts'), join(here, 'layers/wasm/simd-lstm-cell.ts')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      outdir: out,
      alias: { '@rnnkit/core': join(here, '../../core/src/index.ts') },
      external: ['node:*'],
      logLevel: 'warning',
    });
    const wasmDist = dirname(
      createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'),
    );
    mkdirSync(join(out, 'wasm'));
    for (const f of [
      'tfjs-backend-wasm.wasm',
      'tfjs-backend-wasm-simd.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm',
    ]) {
      copyFileSync(join(wasmDist, f), join(out, 'wasm', f));
    }
    const model: Model = seededModel(spec, 4);
    const x = seededFeatures(2, 5, 3);
    const weights = Object.fromEntries(
      [...model.weights].map(([n, t]) => [n, { shape: t.shape, data: [...t.data] }]),
    );
    writeFileSync(
      join(out, 'page.js'),
      `import { createTfjsBackend } from './index.js';
import { hasSimdLstmCell } from './layers/wasm/simd-lstm-cell.js';
const spec = ${JSON.stringify(spec)};
const weights = new Map(Object.entries(${JSON.stringify(weights)}).map(([n, t]) => [n, { shape: t.shape, data: Float32Array.from(t.data) }]));
const x = { dtype: 'float32', shape: ${JSON.stringify(x.shape)}, data: Float32Array.from(${JSON.stringify([...x.data])}) };
const result = {};
for (const backend of ['cpu', 'wasm', 'webgl', 'webgpu']) {
  try {
    const session = await createTfjsBackend({ backend, wasmPaths: '/wasm/' }).load({ spec, weights });
    result[backend] = Array.from((await session.run({ x })).outputs.y.data);
    await session.dispose();
  } catch (e) { result[backend] = String(e.code ?? '') + ' ' + e.message; }
}
// tfjs-core keeps its one engine on the global object.
const wasmBackend = globalThis._tfengine?.registry?.wasm;
result.simdLstmCell = hasSimdLstmCell(wasmBackend);
// Cross-origin isolated pages get tfjs-wasm's threaded build, whose memory is shared.
result.sharedMemory = typeof SharedArrayBuffer !== 'undefined' &&
  wasmBackend?.wasm?.wasmMemory?.buffer instanceof SharedArrayBuffer;
window.result = result;`,
    );
    writeFileSync(join(out, 'index.html'), '<script type="module" src="page.js"></script>');
    const server = await serveFiles({ '/': out });
    const browser = await launchChromium();
    try {
      const expected = (await (await createReferenceBackend().load(model)).run({ x })).outputs.y;
      for (const { path, isolated } of [
        { path: '/index.html', isolated: false },
        { path: '/isolated/index.html', isolated: true },
      ]) {
        const result = await pageResult<Record<string, number[] | string | boolean>>(
          browser,
          `${server.origin}${path}`,
        );
        expect(result.sharedMemory, `${path}: tfjs-wasm's threaded build`).toBe(isolated);
        expect(result.simdLstmCell, `${path}: tfjs-wasm has the SIMD LSTM cell`).toBe(true);
        for (const backend of ['cpu', 'wasm', 'webgl', 'webgpu'] as const) {
          const values = result[backend];
          expect(Array.isArray(values), `${path} ${backend}: ${values}`).toBe(true);
          const actual = {
            dtype: 'float32' as const,
            shape: expected.shape,
            data: Float32Array.from(values as number[]),
          };
          expectClose(
            actual,
            expected,
            toleranceFor(`tfjs-${backend}`),
            `tfjs-${backend} in Chromium (${path})`,
          );
        }
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }, 120_000);
});
