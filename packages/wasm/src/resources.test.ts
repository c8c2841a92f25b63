/**
 * Resources: a long stream of one-token runs and many load/dispose cycles grow no memory, and a
 * memory.grow the runtime refuses is a clean OUT_OF_MEMORY error that leaves the session usable.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gruLanguageModelSpec, initializeWeights, type Model, RnnkitError } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { createWasmBackend, type WasmSession } from './index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function languageModel(units = 64, vocabularySize = 96): Model {
  const spec = gruLanguageModelSpec({ vocabularySize, embeddingDim: 32, units });
  return { spec, weights: initializeWeights(spec, { seed: 3 }) };
}

function token(id: number) {
  return { tokens: { dtype: 'int32', shape: [1, 1], data: Int32Array.of(id) } } as const;
}

/** Process memory growth over 1,000 cycles, after 100 to warm up, collecting every 100. */
async function growthOverCycles(
  cycle: () => Promise<void>,
): Promise<{ rssGrowth: number; heapGrowth: number }> {
  for (let i = 0; i < 100; i++) await cycle();
  gc();
  const before = process.memoryUsage();
  for (let i = 0; i < 1000; i++) {
    await cycle();
    if (i % 100 === 99) gc();
  }
  gc();
  const after = process.memoryUsage();
  return { rssGrowth: after.rss - before.rss, heapGrowth: after.heapUsed - before.heapUsed };
}

describe('rnnkit-wasm resources', () => {
  it('10,000 streaming steps grow neither the wasm memory nor the JS heap', async () => {
    const model = languageModel();
    const session = (await createWasmBackend().load(model)) as WasmSession;
    let state = (await session.run(token(1))).state;
    const before = session.memoryBytes();
    // Warm up, then measure the JS heap over the stream.
    for (let i = 0; i < 500; i++) state = session.runSync(token(i % 96), { state }).state;
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 10_000; i++) state = session.runSync(token((i * 7) % 96), { state }).state;
    gc();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    expect(session.memoryBytes()).toEqual(before);
    expect(heapGrowth, `heap grew ${heapGrowth} bytes`).toBeLessThan(1_000_000);
    expect(Number.isFinite((state.gru.h.data as Float32Array)[0])).toBe(true);
    await session.dispose();
  });

  it('1,000 load/dispose cycles grow no memory', async () => {
    const model = languageModel(128);
    const backend = createWasmBackend();
    const cycle = async () => {
      const session = await backend.load(model);
      await session.run(token(5));
      await session.dispose();
    };
    // Each session holds ~0.5 MB of weights in its own memory: 1,000 leaked ones would be ~500 MB.
    const { rssGrowth, heapGrowth } = await growthOverCycles(cycle);
    expect(rssGrowth, `rss grew ${rssGrowth} bytes`).toBeLessThan(50_000_000);
    expect(heapGrowth, `heap grew ${heapGrowth} bytes`).toBeLessThan(5_000_000);
  });

  it('1,000 load/dispose cycles of a threaded session (each run split to a worker) grow no memory', async () => {
    // A worker caches an instance per session memory and, idle, never collects one it dropped:
    // disposed sessions' memories go back to the backend for the next load
    // (engine/shared-memories.ts), else every cycle's 0.5 MB of weights would stay alive there.
    const model = languageModel(128);
    const backend = createWasmBackend({ threads: 2 });
    // Batch 32 x 40 tokens: the GRU's recurrence (32*40*128*384 multiply-adds) is split.
    const batch = {
      tokens: { dtype: 'int32', shape: [32, 40], data: new Int32Array(32 * 40).fill(7) },
    } as const;
    const cycle = async () => {
      const session = (await backend.load(model)) as WasmSession;
      expect(session.threads).toBe(2);
      await session.run(batch);
      await session.dispose();
    };
    const { rssGrowth, heapGrowth } = await growthOverCycles(cycle);
    expect(rssGrowth, `rss grew ${rssGrowth} bytes`).toBeLessThan(50_000_000);
    expect(heapGrowth, `heap grew ${heapGrowth} bytes`).toBeLessThan(5_000_000);
  }, 120_000);

  it('a refused memory.grow at load is OUT_OF_MEMORY, naming the weight', async () => {
    const model = languageModel(64, 20_000); // a 20,000 x 32 embedding: 2.5 MB
    const error = await createWasmBackend({ maximumMemoryBytes: 1 << 20 })
      .load(model)
      .catch((e: unknown) => e);
    expect(RnnkitError.isInstance(error)).toBe(true);
    expect((error as RnnkitError).code).toBe('OUT_OF_MEMORY');
    expect((error as RnnkitError).path).toBe('embedding/embeddings');
  });

  it('a refused memory.grow in a run is OUT_OF_MEMORY, and the session keeps working', async () => {
    const model = languageModel(64);
    const session = (await createWasmBackend({ maximumMemoryBytes: 1 << 20 }).load(
      model,
    )) as WasmSession;
    const small = await session.run(token(3));
    const used = session.memoryBytes().used;
    // batch 64 x 200 steps needs ~10 MB of projections: more than the 1 MiB allowed.
    const big = {
      tokens: { dtype: 'int32', shape: [64, 200], data: new Int32Array(64 * 200).fill(2) },
    } as const;
    const error = await session.run(big).catch((e: unknown) => e);
    expect(RnnkitError.isInstance(error)).toBe(true);
    expect((error as RnnkitError).code).toBe('OUT_OF_MEMORY');
    expect(session.memoryBytes().used).toBe(used);
    const again = await session.run(token(3));
    expect([...(again.outputs.probabilities.data as Float32Array)]).toEqual([
      ...(small.outputs.probabilities.data as Float32Array),
    ]);
    await session.dispose();
  });
});
