/**
 * `threads: 2` in Chromium (~10 s; RNNKIT_BROWSER=0 skips it). A page served with
 * Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp (so
 * crossOriginIsolated, SharedArrayBuffer) runs the spec matrix with every call split into blocks
 * of single rows, and an LSTM 32x100 batch and a bidirectional GRU with lengths at the real split
 * limits, on threads: 2 and threads: 1 (both `simd: 'auto'`, the relaxed build there): every
 * output and state must be bit-identical, and jobs must have gone to the worker. The same page
 * without those headers must refuse threads: 2 at load with BACKEND_UNAVAILABLE (and still run
 * threads: 1). The browser's main thread cannot block, so this also covers the spin wait.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tensor, WeightTensor } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import {
  featureSpec,
  randomFeatures,
  randomModel,
} from '../../onnx/src/runtime/test-support/models.js';
import {
  browserSkipReason,
  ISOLATED,
  launchChromium,
  pageResult,
  serveFiles,
} from '../../tfjs/src/test-support/chromium.js';
import { MATRIX } from '../../tfjs/src/test-support/matrix.js';
import { seededModel } from '../../tfjs/src/test-support/seeded-weights.js';

const enabled = browserSkipReason() === undefined;

const toWire = (t: Tensor | WeightTensor) => ({
  dtype: 'dtype' in t ? t.dtype : 'float32',
  shape: [...t.shape],
  data: Array.from(t.data as ArrayLike<number>),
});

interface PageResult {
  isolated: boolean;
  oneThread?: string;
  threads?: number;
  variant?: string;
  mismatches?: string[];
  compared?: number;
  jobs?: number;
  refused?: string;
  error?: string;
}

// Runs every case on threads: 1 and threads: 2 and compares the bits in the page.
const PAGE = `import { createWasmBackend, SPLIT_LIMITS, WorkerPool } from './entry.js';
const typed = { float32: Float32Array, float64: Float64Array, int32: Int32Array };
const tensor = (t) => ({ dtype: t.dtype, shape: t.shape, data: typed[t.dtype].from(t.data) });
const model = (c) => ({ spec: c.spec, weights: new Map(Object.entries(c.weights).map(([n, t]) => [n, tensor(t)])) });
const inputsOf = (c) => Object.fromEntries(Object.entries(c.inputs).map(([n, t]) => [n, tensor(t)]));
const bits = (run) => {
  const words = [];
  for (const t of Object.values(run.outputs)) words.push(...new Uint32Array(Float32Array.from(t.data).buffer));
  for (const s of Object.values(run.state)) {
    words.push(...new Uint32Array(Float32Array.from(s.h.data).buffer));
    if (s.c) words.push(...new Uint32Array(Float32Array.from(s.c.data).buffer));
  }
  return words.join(',');
};
let jobs = 0;
const post = WorkerPool.prototype.post;
WorkerPool.prototype.post = function (...args) { jobs++; return post.apply(this, args); };
const result = { isolated: self.crossOriginIsolated };
try {
  const { small, large } = await (await fetch('cases.json')).json();
  const one = createWasmBackend();
  const single = await one.load(model(large[0]));
  result.oneThread = String((await single.run(inputsOf(large[0]))).outputs.y.shape);
  await single.dispose();
  let two;
  try {
    two = await createWasmBackend({ threads: 2 }).load(model(large[0]));
    await two.dispose();
  } catch (e) {
    result.refused = String(e.code) + ': ' + e.message;
  }
  if (!result.refused) {
    const backend = createWasmBackend({ threads: 2 });
    result.mismatches = [];
    result.compared = 0;
    const compare = async (c, name) => {
      const a = await one.load(model(c));
      const b = await backend.load(model(c));
      result.threads = b.threads;
      result.variant = a.kernelVariant + '/' + b.kernelVariant;
      const inputs = inputsOf(c);
      if (bits(await a.run(inputs)) !== bits(await b.run(inputs))) result.mismatches.push(name);
      result.compared++;
      await a.dispose();
      await b.dispose();
    };
    for (const c of large) await compare(c, c.name);
    Object.assign(SPLIT_LIMITS, { minMadds: 0, minRows: 2, rowMultiple: 1 });
    for (const c of small) await compare(c, c.name);
    result.jobs = jobs;
  }
} catch (e) {
  result.error = String(e.code ?? '') + ' ' + e.message + ' ' + e.stack;
}
window.result = result;`;

function wireCase(
  name: string,
  model: ReturnType<typeof randomModel>,
  inputs: Record<string, Tensor>,
) {
  return {
    name,
    spec: model.spec,
    weights: Object.fromEntries([...model.weights].map(([n, t]) => [n, toWire(t)])),
    inputs: Object.fromEntries(Object.entries(inputs).map(([n, t]) => [n, toWire(t)])),
  };
}

describe.runIf(enabled)('threads in Chromium', () => {
  it('cross-origin isolated: threads: 2 matches threads: 1 bit for bit; not isolated: BACKEND_UNAVAILABLE', async () => {
    const esbuild = await import('esbuild');
    const here = dirname(fileURLToPath(import.meta.url));
    const out = mkdtempSync(join(tmpdir(), 'rnnkit-wasm-threads-'));
    await esbuild.build({
      entryPoints: { entry: join(here, 'test-support/threads-page-entry.ts') },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      outdir: out,
      alias: { '@rnnkit/core': join(here, '../../core/src/index.ts') },
      logLevel: 'warning',
    });
    const lstm = randomModel(featureSpec(64, [{ type: 'lstm', name: 'lstm', units: 128 }]), 1);
    const lengths: Tensor<'int32'> = {
      dtype: 'int32',
      shape: [12],
      data: Int32Array.from({ length: 12 }, (_, b) => 1 + ((b * 7) % 40)),
    };
    const bigru = randomModel(
      featureSpec(
        32,
        [
          {
            type: 'gru',
            name: 'gru',
            units: 64,
            resetAfter: false,
            direction: 'bidirectional',
            returnSequences: true,
            paddedOutputs: 'previous',
          },
        ],
        { sequenceLengths: { name: 'lengths' } },
      ),
      2,
    );
    const cases = {
      large: [
        wireCase('LSTM 32x100x64 -> 128', lstm, { x: randomFeatures([32, 100, 64], 3) }),
        wireCase('bidirectional GRU 12x40 with lengths', bigru, {
          x: randomFeatures([12, 40, 32], 4),
          lengths,
        }),
      ],
      small: MATRIX.map((testCase, index) =>
        wireCase(testCase.name, seededModel(testCase.spec, index, testCase.scale), testCase.inputs),
      ),
    };
    writeFileSync(join(out, 'cases.json'), JSON.stringify(cases));
    writeFileSync(join(out, 'page.js'), PAGE);
    writeFileSync(join(out, 'index.html'), '<script type="module" src="page.js"></script>');
    const server = await serveFiles({ '/': out });
    const browser = await launchChromium();
    const results: Record<string, PageResult> = {};
    try {
      for (const where of ['isolated', 'plain']) {
        const path = where === 'isolated' ? `${ISOLATED}/index.html` : '/index.html';
        results[where] = await pageResult<PageResult>(browser, `${server.origin}${path}`);
      }
    } finally {
      await browser.close();
      await server.close();
    }
    const { isolated, plain } = results;
    expect(isolated.error).toBeUndefined();
    expect(isolated.isolated).toBe(true);
    expect(isolated.refused).toBeUndefined();
    expect(isolated.threads).toBe(2);
    expect(isolated.variant).toBe('relaxed/relaxed');
    expect(isolated.compared).toBe(MATRIX.length + 2);
    expect(isolated.mismatches).toEqual([]);
    expect(isolated.jobs).toBeGreaterThan(MATRIX.length);

    expect(plain.error).toBeUndefined();
    expect(plain.isolated).toBe(false);
    expect(plain.oneThread).toBe('32,128');
    expect(plain.refused).toMatch(/^BACKEND_UNAVAILABLE: .*cross-origin isolated/);
  }, 120_000);
});
