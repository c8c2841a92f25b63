/**
 * Both builds in Chromium (relaxed SIMD is on there; ~15 s; RNNKIT_BROWSER=0 skips it, as the
 * tfjs and onnxruntime-web browser tests do). Bundles this package for the browser with esbuild,
 * serves it from localhost and runs the whole spec matrix (uniform weights) with `simd: 'auto'`,
 * 'relaxed' and 'simd128' in headless Chromium, then compares every output and state with core's
 * float64 reference in Node within the tolerance table. Checks that 'auto' picked the relaxed
 * build there. Each build is compared with the reference, never with the other (FMA rounds
 * differently). The cross-backend browser suite (apps/conformance) runs rnnkit-wasm's default.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createReferenceBackend,
  type RecurrentState,
  type RunResult,
  type Tensor,
  toleranceFor,
  type WeightTensor,
} from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import {
  browserSkipReason,
  launchChromium,
  pageResult,
  serveFiles,
} from '../../tfjs/src/test-support/chromium.js';
import { expectRunClose } from '../../tfjs/src/test-support/compare.js';
import { MATRIX } from '../../tfjs/src/test-support/matrix.js';
import { seededModel } from '../../tfjs/src/test-support/seeded-weights.js';

const enabled = browserSkipReason() === undefined;

interface WireTensor {
  dtype: string;
  shape: number[];
  data: number[];
}
interface WireResult {
  outputs: Record<string, WireTensor>;
  state: Record<string, { h: WireTensor; c?: WireTensor }>;
}
interface PageResult {
  variants: Record<string, string>;
  results: Record<string, (WireResult | string)[]>;
}

const SIMD = ['auto', 'relaxed', 'simd128'] as const;

const toWire = (t: Tensor | WeightTensor): WireTensor => ({
  dtype: 'dtype' in t ? t.dtype : 'float32',
  shape: [...t.shape],
  data: Array.from(t.data as ArrayLike<number>),
});

function fromWire(result: WireResult): RunResult {
  const tensor = (t: WireTensor) =>
    ({ dtype: 'float32', shape: t.shape, data: Float32Array.from(t.data) }) as const;
  const state: RecurrentState = {};
  for (const [layer, s] of Object.entries(result.state))
    state[layer] = { h: tensor(s.h), ...(s.c ? { c: tensor(s.c) } : {}) };
  return {
    outputs: Object.fromEntries(Object.entries(result.outputs).map(([n, t]) => [n, tensor(t)])),
    state,
  };
}

// The page: rebuild each case's typed arrays, run it on each build, send plain arrays back.
const PAGE = `import { createWasmBackend } from './index.js';
const cases = await (await fetch('cases.json')).json();
const typed = { float32: Float32Array, float64: Float64Array, int32: Int32Array };
const tensor = (t) => ({ dtype: t.dtype, shape: t.shape, data: typed[t.dtype].from(t.data) });
const plain = (t) => ({ dtype: t.dtype, shape: t.shape, data: Array.from(t.data) });
const variants = {};
const results = {};
for (const simd of ${JSON.stringify(SIMD)}) {
  results[simd] = [];
  try {
    const backend = createWasmBackend({ simd });
    variants[simd] = await backend.kernelVariant();
    for (const c of cases) {
      const weights = new Map(Object.entries(c.weights).map(([n, t]) => [n, tensor(t)]));
      const inputs = Object.fromEntries(Object.entries(c.inputs).map(([n, t]) => [n, tensor(t)]));
      const session = await backend.load({ spec: c.spec, weights });
      if (session.kernelVariant !== variants[simd]) throw new Error('session variant differs');
      const run = await session.run(inputs);
      await session.dispose();
      results[simd].push({
        outputs: Object.fromEntries(Object.entries(run.outputs).map(([n, t]) => [n, plain(t)])),
        state: Object.fromEntries(Object.entries(run.state).map(([n, s]) =>
          [n, { h: plain(s.h), ...(s.c ? { c: plain(s.c) } : {}) }])),
      });
    }
  } catch (e) {
    const message = String(e.code ?? '') + ' ' + e.message;
    variants[simd] ??= message;
    results[simd].push(message);
  }
}
window.result = { variants, results };`;

describe.runIf(enabled)('in Chromium', () => {
  it('the relaxed and SIMD128 builds both match the reference; auto picks relaxed', async () => {
    const esbuild = await import('esbuild');
    const here = dirname(fileURLToPath(import.meta.url));
    const out = mkdtempSync(join(tmpdir(), 'rnnkit-wasm-browser-'));
    await esbuild.build({
      entryPoints: [join(here, 'index.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outdir: out,
      alias: { '@rnnkit/core': join(here, '../../core/src/index.ts') },
      logLevel: 'warning',
    });
    const models = MATRIX.map((testCase, index) =>
      seededModel(testCase.spec, index, testCase.scale),
    );
    writeFileSync(
      join(out, 'cases.json'),
      JSON.stringify(
        MATRIX.map((testCase, index) => ({
          spec: testCase.spec,
          weights: Object.fromEntries([...models[index].weights].map(([n, t]) => [n, toWire(t)])),
          inputs: Object.fromEntries(
            Object.entries(testCase.inputs).map(([n, t]) => [n, toWire(t)]),
          ),
        })),
      ),
    );
    writeFileSync(join(out, 'page.js'), PAGE);
    writeFileSync(join(out, 'index.html'), '<script type="module" src="page.js"></script>');
    const server = await serveFiles({ '/': out });
    const browser = await launchChromium();
    let result: PageResult;
    try {
      result = await pageResult<PageResult>(browser, `${server.origin}/index.html`);
    } finally {
      await browser.close();
      await server.close();
    }
    expect(result.variants).toEqual({ auto: 'relaxed', relaxed: 'relaxed', simd128: 'simd128' });
    const reference = createReferenceBackend();
    const tolerance = toleranceFor('rnnkit-wasm');
    for (const [index, testCase] of MATRIX.entries()) {
      const expected = await (await reference.load(models[index])).run(testCase.inputs);
      for (const simd of SIMD) {
        const actual = result.results[simd][index];
        expect(typeof actual, `${testCase.name} (${simd}): ${String(actual)}`).toBe('object');
        try {
          expectRunClose(fromWire(actual as WireResult), expected, tolerance);
        } catch (error) {
          throw new Error(`${testCase.name} (simd: '${simd}'): ${(error as Error).message}`);
        }
      }
    }
  }, 120_000);
});
