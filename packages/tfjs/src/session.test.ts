/**
 * Session behaviour: streaming, memory (no tensor outlives a run; dispose frees the weights),
 * concurrent sessions, two tfjs backends in one process, and the errors a session gives.
 */

import {
  createReferenceBackend,
  type ModelSpec,
  type NamedTensors,
  RnnkitError,
  type Tensor,
  toleranceFor,
} from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from './index.js';
import { expectClose, expectRunClose } from './test-support/compare.js';
import { seededFeatures, seededModel } from './test-support/seeded-weights.js';

const streamingSpec: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'x', type: 'features', size: 3 },
  layers: [
    { type: 'lstm', name: 'lstm', units: 4, returnSequences: true, peepholes: true },
    {
      type: 'gru',
      name: 'gru',
      units: 5,
      resetAfter: true,
      recurrentBias: true,
      returnSequences: true,
    },
    { type: 'gru', name: 'gru_before', units: 3, resetAfter: false, returnSequences: true },
    { type: 'simpleRnn', name: 'rnn', units: 2, returnSequences: true },
    { type: 'dense', name: 'dense', units: 2 },
  ],
  output: { name: 'y' },
};

const bidirectionalMasked: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'tokens', type: 'tokens' },
  sequenceLengths: { name: 'lengths' },
  layers: [
    { type: 'embedding', name: 'embedding', inputDim: 6, outputDim: 3, maskZero: true },
    {
      type: 'lstm',
      name: 'lstm',
      units: 4,
      direction: 'bidirectional',
      returnSequences: true,
      paddedOutputs: 'previous',
    },
    {
      type: 'gru',
      name: 'gru',
      units: 3,
      resetAfter: true,
      direction: 'bidirectional',
      mergeMode: 'ave',
    },
  ],
  output: { name: 'y' },
};

const maskedInputs: NamedTensors = {
  tokens: { dtype: 'int32', shape: [2, 4], data: Int32Array.from([1, 0, 3, 5, 2, 4, 0, 0]) },
  lengths: { dtype: 'int32', shape: [2], data: Int32Array.from([4, 3]) },
};

/** Steps [from, to) of a [batch, time, size] float32 tensor. */
function steps(x: Tensor<'float32'>, from: number, to: number): Tensor<'float32'> {
  const [batch, time, size] = x.shape;
  const data = new Float32Array(batch * (to - from) * size);
  for (let b = 0; b < batch; b++) {
    data.set(
      x.data.subarray((b * time + from) * size, (b * time + to) * size),
      b * (to - from) * size,
    );
  }
  return { dtype: 'float32', shape: [batch, to - from, size], data };
}

const BACKENDS = ['cpu', 'wasm'] as const;

describe('streaming', () => {
  for (const name of BACKENDS) {
    it(`tfjs-${name}: run(x1) then run(x2, { state }) equals run(x1 ++ x2)`, async () => {
      const session = await createTfjsBackend({ backend: name }).load(
        seededModel(streamingSpec, 5),
      );
      const x = seededFeatures(2, 7, 3, 21);
      const whole = await session.run({ x });
      const first = await session.run({ x: steps(x, 0, 3) });
      const second = await session.run({ x: steps(x, 3, 7) }, { state: first.state });
      const tolerance = toleranceFor(session.backend);
      expectClose(
        second.outputs.y,
        steps(whole.outputs.y as Tensor<'float32'>, 3, 7),
        tolerance,
        'y tail',
      );
      for (const layer of Object.keys(whole.state)) {
        expectClose(second.state[layer].h, whole.state[layer].h, tolerance, `${layer}.h`);
      }
      expectClose(second.state.lstm.c as Tensor, whole.state.lstm.c as Tensor, tolerance, 'lstm.c');
      await session.dispose();
    });
  }
});

describe('memory', () => {
  for (const name of BACKENDS) {
    it(`tfjs-${name}: a run leaves tf.memory().numTensors unchanged; dispose frees the weights`, async () => {
      const backend = createTfjsBackend({ backend: name });
      await backend.ready();
      const before = tf.memory().numTensors;
      const sessions = [
        await backend.load(seededModel(streamingSpec, 1)),
        await backend.load(seededModel(bidirectionalMasked, 2)),
      ];
      const loaded = tf.memory().numTensors;
      expect(loaded).toBeGreaterThan(before);
      await sessions[0].run({ x: seededFeatures(2, 5, 3) });
      await sessions[1].run(maskedInputs);
      expect(tf.memory().numTensors).toBe(loaded);
      // A run refused for its inputs allocates nothing either.
      await expect(sessions[0].run({ x: seededFeatures(2, 5, 4) })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      });
      expect(tf.memory().numTensors).toBe(loaded);
      for (const session of sessions) await session.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('a load refused for unsupported features or bad weights allocates nothing', async () => {
    const backend = createTfjsBackend({ backend: 'cpu' });
    await backend.ready();
    const before = tf.memory().numTensors;
    const model = seededModel(streamingSpec, 1);
    const weights = new Map(model.weights);
    weights.delete('rnn/recurrentKernel');
    await expect(backend.load({ spec: streamingSpec, weights })).rejects.toMatchObject({
      code: 'INVALID_WEIGHTS',
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('dispose', () => {
  it('later runs fail with DISPOSED; dispose twice is safe; a run queued before dispose completes', async () => {
    const session = await createTfjsBackend({ backend: 'cpu' }).load(seededModel(streamingSpec, 1));
    const inFlight = session.run({ x: seededFeatures(1, 4, 3) });
    await session.dispose();
    await session.dispose();
    // The run was already waiting in the queue when dispose was called, but dispose goes through
    // the same queue after it: it computes with its weights, or fails cleanly with DISPOSED.
    await inFlight.then(
      (result) => expect(result.outputs.y.shape).toEqual([1, 4, 2]),
      (error) => expect(RnnkitError.isInstance(error) && error.code).toBe('DISPOSED'),
    );
    const error = await session.run({ x: seededFeatures(1, 4, 3) }).catch((e: unknown) => e);
    expect(RnnkitError.isInstance(error)).toBe(true);
    expect((error as RnnkitError).code).toBe('DISPOSED');
  });
});

describe('concurrency', () => {
  it('two sessions on one backend, runs interleaved, each computes its own model', async () => {
    const backend = createTfjsBackend({ backend: 'wasm' });
    const models = [seededModel(streamingSpec, 11), seededModel(streamingSpec, 12)];
    const sessions = await Promise.all(models.map((m) => backend.load(m)));
    const inputs = [0, 1, 2, 3].map((seed) => ({ x: seededFeatures(2, 5, 3, seed) }));
    const reference = createReferenceBackend();
    const expected = await Promise.all(
      models.map(async (m) => {
        const session = await reference.load(m);
        return Promise.all(inputs.map((x) => session.run(x)));
      }),
    );
    // Start every run at once, alternating sessions.
    const pending = inputs.flatMap((x, i) => sessions.map((s, k) => ({ k, i, result: s.run(x) })));
    for (const { k, i, result } of pending) {
      expectRunClose(await result, expected[k][i], toleranceFor('tfjs-wasm'));
    }
    for (const session of sessions) await session.dispose();
  });

  it('a tfjs-cpu and a tfjs-wasm session in one process, interleaved, each on its own backend', async () => {
    const model = seededModel(bidirectionalMasked, 4);
    const [cpu, wasm] = await Promise.all([
      createTfjsBackend({ backend: 'cpu' }).load(model),
      createTfjsBackend({ backend: 'wasm' }).load(model),
    ]);
    const registry = tf.engine().registry;
    const dataIds = () => ({ cpu: registry.cpu.numDataIds(), wasm: registry.wasm.numDataIds() });
    const before = dataIds();
    const expected = await (await createReferenceBackend().load(model)).run(maskedInputs);
    const runs = [cpu, wasm, cpu, wasm, wasm, cpu].map((s) => s.run(maskedInputs));
    // Someone else switching the global backend between runs must not matter either.
    await tf.setBackend('cpu');
    for (const run of runs) expectRunClose(await run, expected, toleranceFor('tfjs-cpu'));
    // No weight tensor migrated to the other backend, and nothing was left behind on either.
    expect(dataIds()).toEqual(before);
    await cpu.dispose();
    await wasm.dispose();
  });
});

describe('errors', () => {
  it('refuses webgl and webgpu in Node with BACKEND_UNAVAILABLE', async () => {
    for (const name of ['webgl', 'webgpu'] as const) {
      const backend = createTfjsBackend({ backend: name });
      expect(backend.id).toBe(`tfjs-${name}`);
      await expect(backend.ready()).rejects.toMatchObject({
        code: 'BACKEND_UNAVAILABLE',
        backend: `tfjs-${name}`,
      });
      await expect(backend.load(seededModel(streamingSpec))).rejects.toMatchObject({
        code: 'BACKEND_UNAVAILABLE',
      });
    }
  });

  it('refuses an unknown tfjs backend name', () => {
    expect(() => createTfjsBackend({ backend: 'tensorflow' as never })).toThrow(
      expect.objectContaining({ code: 'BACKEND_UNAVAILABLE' }),
    );
  });

  it('rejects bad inputs with INVALID_INPUT (token id outside the vocabulary)', async () => {
    const session = await createTfjsBackend({ backend: 'cpu' }).load(
      seededModel(bidirectionalMasked),
    );
    const tokens = { dtype: 'int32' as const, shape: [1, 2], data: Int32Array.from([1, 6]) };
    await expect(session.run({ tokens })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await session.dispose();
  });

  it('describes its inputs and outputs', async () => {
    const session = await createTfjsBackend({ backend: 'cpu' }).load(
      seededModel(bidirectionalMasked),
    );
    expect(session.backend).toBe('tfjs-cpu');
    expect(session.inputs).toEqual([
      { name: 'tokens', dtype: 'int32', shape: [-1, -1] },
      { name: 'lengths', dtype: 'int32', shape: [-1] },
    ]);
    expect(session.outputs).toEqual([{ name: 'y', dtype: 'float32', shape: [-1, 3] }]);
    await session.dispose();
  });
});
