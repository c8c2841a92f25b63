/**
 * A bidirectional layer with its own backward activations (issue 13) exports as one recurrent node
 * whose `activations` list is [forward..., backward...], alphas/betas packed in the same order; the
 * graph runs on onnxruntime-node to the float64 reference's numbers, and imports back.
 */
import {
  createReferenceBackend,
  float32Tensor,
  int32Tensor,
  type LayerSpec,
  type ModelSpec,
  type NamedTensors,
} from '@rnnkit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { importOnnxDetailed } from '../import/index.js';
import { attributeFloats, attributeStrings, decodeModel } from '../proto/index.js';
import { exportOnnx } from './index.js';
import { expectClose, seededValues } from './test-support/compare.js';
import { randomModel } from './test-support/spec-matrix.js';

const hardSigmoidKeras2 = { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 } as const;

function spec(layer: LayerSpec, lengths = false): ModelSpec {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size: 3 },
    ...(lengths ? { sequenceLengths: { name: 'lengths' } } : {}),
    layers: [layer, { type: 'dense', name: 'head', units: 2 }],
    output: { name: 'y' },
  };
}

const SPECS: Record<string, ModelSpec> = {
  rnn_relu_sequences_lengths: spec(
    {
      type: 'simpleRnn',
      name: 'rnn',
      units: 3,
      direction: 'bidirectional',
      returnSequences: true,
      paddedOutputs: 'zero',
      backward: { activation: 'relu' },
    },
    true,
  ),
  lstm_relu_hard_sigmoid_last: spec({
    type: 'lstm',
    name: 'lstm',
    units: 4,
    direction: 'bidirectional',
    backward: { activation: 'relu', recurrentActivation: hardSigmoidKeras2 },
  }),
  gru_elu_hard_sigmoid_sum: spec({
    type: 'gru',
    name: 'gru',
    units: 3,
    resetAfter: true,
    recurrentBias: true,
    direction: 'bidirectional',
    mergeMode: 'sum',
    returnSequences: true,
    activation: { name: 'leakyRelu', alpha: 0.3 },
    backward: {
      activation: { name: 'elu', alpha: 0.7 },
      recurrentActivation: { name: 'hardSigmoid', alpha: 1 / 6, beta: 0.5 },
    },
  }),
};

function inputs(model: ModelSpec): NamedTensors {
  const given: NamedTensors = { x: float32Tensor([3, 5, 3], seededValues(45, 4, 2)) };
  if (model.sequenceLengths) given.lengths = int32Tensor([3], [5, 2, 4]);
  return given;
}

async function runOrt(bytes: Uint8Array, given: NamedTensors): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(given)) {
      feeds[name] =
        t.dtype === 'int32'
          ? new ort.Tensor('int32', t.data as Int32Array, [...t.shape])
          : new ort.Tensor('float32', t.data as Float32Array, [...t.shape]);
    }
    return (await session.run(feeds)).y as ort.Tensor;
  } finally {
    await session.release();
  }
}

describe('backward activations in the ONNX export', () => {
  it.each(Object.keys(SPECS))('%s on onnxruntime-node matches the reference', async (key) => {
    const model = randomModel(SPECS[key], 21, 0.8);
    const given = inputs(model.spec);
    const actual = await runOrt(exportOnnx(model), given);
    const expected = await (await createReferenceBackend().load(model)).run(given);
    expectClose({ shape: actual.dims, data: actual.data as Float32Array }, expected.outputs.y, key);
  });

  it('writes [forward..., backward...] with alphas and betas packed in that order', () => {
    const graph = decodeModel(exportOnnx(randomModel(SPECS.gru_elu_hard_sigmoid_sum))).graph;
    const node = graph.node.find((n) => n.opType === 'GRU');
    expect(node).toBeDefined();
    expect(attributeStrings(node!, 'activations')).toEqual([
      'Sigmoid',
      'LeakyRelu',
      'HardSigmoid',
      'Elu',
    ]);
    expect(attributeFloats(node!, 'activation_alpha')).toEqual([0.3, 1 / 6, 0.7].map(Math.fround));
    expect(attributeFloats(node!, 'activation_beta')).toEqual([0.5]);
  });

  it.each(Object.keys(SPECS))('%s imports back to the same spec', (key) => {
    const model = randomModel(SPECS[key], 3);
    const imported = importOnnxDetailed(exportOnnx(model));
    expect(imported.model.spec).toEqual(model.spec);
  });
});
