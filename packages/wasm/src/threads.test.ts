/**
 * `createWasmBackend({ threads: 2 })` in Node: the option's checks, and runs split across a
 * worker thread computing exactly the bits of threads: 1 (every output and state, the whole
 * spec matrix split into blocks of single rows, and the LSTM 32x100 batch at the real split
 * limits), while memory grows during a run, runs not awaited in turn, after dispose, on a memory
 * recycled from a disposed session.
 */
import type { NamedTensors, RunResult } from '@rnnkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  featureSpec,
  randomFeatures,
  randomModel,
} from '../../onnx/src/runtime/test-support/models.js';
import { MATRIX } from '../../tfjs/src/test-support/matrix.js';
import { seededModel } from '../../tfjs/src/test-support/seeded-weights.js';
import { SPLIT_LIMITS } from './engine/thread-split.js';
import { WorkerPool } from './engine/worker-pool.js';
import { createWasmBackend, type WasmSession } from './index.js';

const oneThread = createWasmBackend({ simd: 'simd128' });
const twoThreads = createWasmBackend({ simd: 'simd128', threads: 2 });

/** Every float of every output and state, as plain arrays (bit-exact comparison; NaN equals NaN). */
function bits(result: RunResult): Record<string, number[]> {
  const all: Record<string, number[]> = {};
  for (const [name, tensor] of Object.entries(result.outputs))
    all[`output ${name}`] = [
      ...new Uint32Array(Float32Array.from(tensor.data as Float32Array).buffer),
    ];
  for (const [layer, { h, c }] of Object.entries(result.state)) {
    all[`state ${layer}.h`] = [
      ...new Uint32Array(Float32Array.from(h.data as Float32Array).buffer),
    ];
    if (c)
      all[`state ${layer}.c`] = [
        ...new Uint32Array(Float32Array.from(c.data as Float32Array).buffer),
      ];
  }
  return all;
}

/** Counts the jobs sent to workers (the real pool, observed), so a test knows a split happened. */
let jobsSent = 0;
const send = WorkerPool.prototype.post;
WorkerPool.prototype.post = function (this: WorkerPool, ...args: Parameters<typeof send>) {
  jobsSent++;
  return send.apply(this, args);
};

describe('rnnkit-wasm threads option', () => {
  it.each([0, -1, 1.5, Number.NaN, '2', null])('refuses threads: %s with INVALID_CONFIG', (n) => {
    expect(() => createWasmBackend({ threads: n as number })).toThrowError(
      expect.objectContaining({ code: 'INVALID_CONFIG', path: 'threads' }),
    );
  });

  it('threads: 1 (the default) is the one-thread engine: no workers, no shared memory', async () => {
    const model = seededModel(MATRIX[0].spec, 0);
    for (const backend of [createWasmBackend(), createWasmBackend({ threads: 1 })]) {
      const session = (await backend.load(model)) as WasmSession;
      expect(session.threads).toBe(1);
      const before = jobsSent;
      await session.run(MATRIX[0].inputs);
      expect(jobsSent).toBe(before);
      await session.dispose();
    }
  });
});

describe('threads: 2 computes the same bits as threads: 1', () => {
  // Split everything, into blocks as small as one row, so the small matrix cases (batch 3)
  // exercise every split path; restored after.
  const saved = { ...SPLIT_LIMITS };
  beforeEach(() => Object.assign(SPLIT_LIMITS, { minMadds: 0, minRows: 2, rowMultiple: 1 }));
  afterEach(() => Object.assign(SPLIT_LIMITS, saved));

  MATRIX.forEach((testCase, index) => {
    it(testCase.name, async () => {
      const model = seededModel(testCase.spec, index, testCase.scale);
      const one = await oneThread.load(model);
      const two = (await twoThreads.load(model)) as WasmSession;
      try {
        expect(two.threads).toBe(2);
        const expected = bits(await one.run(testCase.inputs));
        const before = jobsSent;
        expect(bits(await two.run(testCase.inputs))).toEqual(expected);
        expect(jobsSent).toBeGreaterThan(before);
        // runSync never uses the workers, and gives the same bits.
        const sent = jobsSent;
        expect(bits(two.runSync(testCase.inputs))).toEqual(expected);
        expect(jobsSent).toBe(sent);
      } finally {
        await one.dispose();
        await two.dispose();
      }
    });
  });

  it('runs started without awaiting each other each give their own result', async () => {
    const spec = featureSpec(5, [
      { type: 'gru', name: 'gru', units: 9, resetAfter: false, returnSequences: true },
    ]);
    const model = randomModel(spec, 4);
    const inputs = [1, 2, 3].map((seed) => ({ x: randomFeatures([9, 6, 5], seed) }));
    const one = await oneThread.load(model);
    const two = await twoThreads.load(model);
    const expected = await Promise.all(inputs.map(async (x) => bits(await one.run(x))));
    const results = await Promise.all(inputs.map((x) => two.run(x)));
    expect(results.map(bits)).toEqual(expected);
    await one.dispose();
    await two.dispose();
  });
});

describe('threads: 2 at the real split limits', () => {
  it('LSTM 32 x 100 x 64 -> 128 (the bench batch) splits and matches threads: 1 bit for bit', async () => {
    const spec = featureSpec(64, [{ type: 'lstm', name: 'lstm', units: 128 }]);
    const model = randomModel(spec, 1);
    const inputs: NamedTensors = { x: randomFeatures([32, 100, 64], 2) };
    const one = await oneThread.load(model);
    const two = await twoThreads.load(model);
    const before = jobsSent;
    expect(bits(await two.run(inputs))).toEqual(bits(await one.run(inputs)));
    // One fused recurrence (the input projection is folded into each step's product,
    // step-input.ts), half of the examples on the worker.
    expect(jobsSent - before).toBe(1);
    await one.dispose();
    await two.dispose();
  });

  it('threads: 3 (two workers, blocks of 12, 12 and 8 examples) matches threads: 1 too', async () => {
    const spec = featureSpec(64, [{ type: 'gru', name: 'gru', units: 96, resetAfter: true }]);
    const model = randomModel(spec, 5);
    const inputs: NamedTensors = { x: randomFeatures([32, 60, 64], 6) };
    const one = await oneThread.load(model);
    const three = (await createWasmBackend({ simd: 'simd128', threads: 3 }).load(
      model,
    )) as WasmSession;
    expect(three.threads).toBe(3);
    const before = jobsSent;
    expect(bits(await three.run(inputs))).toEqual(bits(await one.run(inputs)));
    expect(jobsSent - before).toBe(4);
    await one.dispose();
    await three.dispose();
  });

  it('a streaming step (batch 1) stays on the calling thread', async () => {
    const spec = featureSpec(64, [{ type: 'lstm', name: 'lstm', units: 128 }]);
    const two = await twoThreads.load(randomModel(spec, 1));
    const before = jobsSent;
    await two.run({ x: randomFeatures([1, 1, 64], 2) });
    expect(jobsSent).toBe(before);
    await two.dispose();
  });

  it('memory grown during a threaded run (a shared buffer replaced by a larger one) keeps working', async () => {
    // Two wide layers: the second (a GRU, whose input projection is a buffer of its own,
    // 16 x 50 x 768 floats) grows the memory after the first layer's jobs already ran on the
    // worker over the smaller buffer.
    const spec = featureSpec(16, [
      { type: 'lstm', name: 'first', units: 64, returnSequences: true },
      { type: 'gru', name: 'second', units: 256, resetAfter: true, returnSequences: true },
    ]);
    const model = randomModel(spec, 7);
    const inputs = { x: randomFeatures([16, 50, 16], 8) };
    const one = await oneThread.load(model);
    // A backend of its own, so the session's memory is new (not one recycled, already grown).
    const two = (await createWasmBackend({ simd: 'simd128', threads: 2 }).load(
      model,
    )) as WasmSession;
    const reserved = two.memoryBytes().reserved;
    const before = jobsSent;
    const expected = bits(await one.run(inputs));
    expect(bits(await two.run(inputs))).toEqual(expected);
    // The LSTM's fused recurrence, the GRU's projection and recurrence, each half on the worker.
    expect(jobsSent - before).toBeGreaterThanOrEqual(3);
    expect(two.memoryBytes().reserved).toBeGreaterThan(reserved);
    // And again over the grown memory.
    expect(bits(await two.run(inputs))).toEqual(expected);
    await one.dispose();
    await two.dispose();
  });

  it("a session on a recycled memory (grown, full of the last session's bytes) computes the same bits", async () => {
    const backend = createWasmBackend({ simd: 'simd128', threads: 2 });
    const big = featureSpec(64, [{ type: 'gru', name: 'gru', units: 200, resetAfter: true }]);
    const first = (await backend.load(randomModel(big, 3))) as WasmSession;
    await first.run({ x: randomFeatures([32, 30, 64], 4) });
    const grown = first.memoryBytes().reserved;
    await first.dispose();
    const spec = featureSpec(64, [{ type: 'lstm', name: 'lstm', units: 128 }]);
    const model = randomModel(spec, 1);
    const inputs = { x: randomFeatures([32, 20, 64], 2) };
    const second = (await backend.load(model)) as WasmSession;
    expect(second.memoryBytes().reserved).toBe(grown);
    const one = await oneThread.load(model);
    expect(bits(await second.run(inputs))).toEqual(bits(await one.run(inputs)));
    await one.dispose();
    await second.dispose();
  });

  it('a kernel that traps on the worker is an INTERNAL error naming it, and the session keeps working', async () => {
    // Through the session's threaded kernels directly: a product whose first 8 output rows (the
    // calling thread's block) fit in memory and whose last 8 (the worker's) run past its end.
    const saved = SPLIT_LIMITS.minMadds;
    SPLIT_LIMITS.minMadds = 0;
    try {
      const spec = featureSpec(64, [{ type: 'lstm', name: 'lstm', units: 128 }]);
      const model = randomModel(spec, 1);
      const two = (await twoThreads.load(model)) as WasmSession;
      const inner = two as unknown as {
        threaded: { kernels: { gemm(...args: number[]): void } };
        arena: { memory: WebAssembly.Memory };
      };
      const end = inner.arena.memory.buffer.byteLength;
      const out = end - 8 * 16 * 4; // rows of 16 floats: 8 fit
      const panels = 1 << 16; // any readable bytes: the values do not matter here
      expect(() =>
        inner.threaded.kernels.gemm(out, 16, panels, 4, 16, 4, panels, 16, 0),
      ).toThrowError(
        expect.objectContaining({
          code: 'INTERNAL',
          message: expect.stringMatching(/worker thread failed running gemm/),
        }),
      );
      const inputs = { x: randomFeatures([32, 10, 64], 2) };
      const one = await oneThread.load(model);
      expect(bits(await two.run(inputs))).toEqual(bits(await one.run(inputs)));
      await one.dispose();
      await two.dispose();
    } finally {
      SPLIT_LIMITS.minMadds = saved;
    }
  });

  it('a disposed threaded session refuses runs with DISPOSED', async () => {
    const spec = featureSpec(64, [{ type: 'lstm', name: 'lstm', units: 128 }]);
    const two = await twoThreads.load(randomModel(spec, 1));
    const inputs = { x: randomFeatures([32, 20, 64], 2) };
    const pending = two.run(inputs);
    await two.dispose();
    // The run queued before dispose ends normally; later ones are refused.
    expect((await pending).outputs.y.shape).toEqual([32, 128]);
    await expect(two.run(inputs)).rejects.toMatchObject({ code: 'DISPOSED' });
  });
});
