/**
 * The GRU TF2 Keras builds by default (reset_after=True, sigmoid recurrent activation, two
 * biases), which tf.layers cannot load: checked against PyTorch's GRU (the same cell, recorded
 * by __fixtures__/keras-default-gru/make_keras_default_gru.py) and against the reference.
 */
import {
  createReferenceBackend,
  type Model,
  type ModelSpec,
  toleranceFor,
  type Weights,
} from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from './index.js';
import { expectClose, expectRunClose } from './test-support/compare.js';
import { readFixture, toTensors } from './test-support/fixture.js';

const fixture = readFixture('keras-default-gru/keras_default_gru.json') as {
  weights: Record<string, never>;
  inputs: Record<string, never>;
  outputs: Record<string, never>;
};

const spec: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'x', type: 'features', size: 3 },
  // Only what Keras's GRU defaults to; resetAfter has no default in the spec.
  layers: [
    {
      type: 'gru',
      name: 'gru',
      units: 5,
      resetAfter: true,
      recurrentBias: true,
      returnSequences: true,
    },
  ],
  output: { name: 'y' },
  stateInputs: [{ name: 'h0', kind: 'h', layers: ['gru'] }],
  stateOutputs: [{ name: 'hn', kind: 'h', layers: ['gru'] }],
};

const weights: Weights = new Map(
  Object.entries(toTensors(fixture.weights)).map(([name, t]) => [
    name,
    { shape: [...t.shape], data: t.data },
  ]),
);
const model: Model = { spec, weights };
const inputs = toTensors(fixture.inputs);
const expected = toTensors(fixture.outputs);

describe('Keras-default GRU (resetAfter, sigmoid gates)', () => {
  for (const name of ['cpu', 'wasm'] as const) {
    it(`tfjs-${name} matches PyTorch's GRU and the reference`, async () => {
      const backend = createTfjsBackend({ backend: name });
      const session = await backend.load(model);
      const result = await session.run(inputs);
      await session.dispose();
      // PyTorch's outputs are float32 values: add the reference's float32 allowance to ours.
      const table = toleranceFor(backend.id);
      const tolerance = { atol: table.atol + 1e-6, rtol: table.rtol + 1e-5 };
      expectClose(result.outputs.y, expected.y, tolerance, 'y vs PyTorch');
      expectClose(result.outputs.hn, expected.hn, tolerance, 'hn vs PyTorch');
      const reference = await (await createReferenceBackend().load(model)).run(inputs);
      expectRunClose(result, reference, table);
      expect(result.state.gru.h.shape).toEqual([1, 2, 5]);
    });
  }
});
