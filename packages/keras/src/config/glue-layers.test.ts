/**
 * Keras's glue around recurrent layers: TimeDistributed(Dense) and GlobalAverage/MaxPooling1D,
 * under an Embedding(mask_zero) mask, in a Keras 2 file layout (written here as a TF.js layers
 * model.json). The semantics checked without trusting the importer's numbers: with the mask,
 * Keras's average over real steps equals the plain average over the same sequence without its
 * padding tokens.
 */
import { createReferenceBackend, int32Tensor } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { readTfjsLayersModel } from '../tfjs/read-tfjs-layers.js';

const VOCAB = 6;
const DIM = 2;
const UNITS = 3;
const HEAD = 2;

function values(count: number, seed: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 0.6);
}

function modelJson(pooling: 'GlobalAveragePooling1D' | 'GlobalMaxPooling1D', maskZero: boolean) {
  const layers = [
    {
      class_name: 'Embedding',
      config: {
        name: 'embedding',
        input_dim: VOCAB,
        output_dim: DIM,
        mask_zero: maskZero,
        batch_input_shape: [null, null],
      },
    },
    {
      class_name: 'GRU',
      config: {
        name: 'gru',
        units: UNITS,
        activation: 'tanh',
        recurrent_activation: 'sigmoid',
        use_bias: true,
        reset_after: true,
        return_sequences: true,
        go_backwards: false,
      },
    },
    {
      class_name: 'TimeDistributed',
      config: {
        name: 'per_step',
        layer: {
          class_name: 'Dense',
          config: { name: 'dense', units: HEAD, activation: 'tanh', use_bias: true },
        },
      },
    },
    { class_name: pooling, config: { name: 'pool', data_format: 'channels_last' } },
  ];
  const weights: [string, number[]][] = [
    ['embedding/embeddings', [VOCAB, DIM]],
    ['gru/gru_cell/kernel', [DIM, 3 * UNITS]],
    ['gru/gru_cell/recurrent_kernel', [UNITS, 3 * UNITS]],
    ['gru/gru_cell/bias', [2, 3 * UNITS]],
    ['per_step/kernel', [UNITS, HEAD]],
    ['per_step/bias', [HEAD]],
  ];
  const data = weights.flatMap(([, shape], i) =>
    values(
      shape.reduce((a, b) => a * b, 1),
      i + 1,
    ),
  );
  return {
    json: {
      modelTopology: {
        keras_version: '2.4.0',
        model_config: { class_name: 'Sequential', config: { name: 'seq', layers } },
      },
      weightsManifest: [
        {
          paths: ['weights.bin'],
          weights: weights.map(([name, shape]) => ({ name, shape, dtype: 'float32' })),
        },
      ],
    },
    shards: { 'weights.bin': new Uint8Array(Float32Array.from(data).buffer) },
  };
}

describe('Keras TimeDistributed(Dense) and global pooling', () => {
  it('map to dense and pooling layers, with paddedOutputs and steps from the mask', () => {
    const { json, shards } = modelJson('GlobalAveragePooling1D', true);
    const model = readTfjsLayersModel(json, shards);
    expect(model.spec.layers.map((l) => l.type)).toEqual(['embedding', 'gru', 'dense', 'pooling']);
    expect(model.spec.layers[1]).toMatchObject({ paddedOutputs: 'previous' });
    expect(model.spec.layers[2]).toMatchObject({
      name: 'per_step',
      units: HEAD,
      activation: 'tanh',
    });
    expect(model.spec.layers[3]).toEqual({
      type: 'pooling',
      name: 'pool',
      mode: 'mean',
      steps: 'real',
    });
    const max = readTfjsLayersModel(modelJson('GlobalMaxPooling1D', true).json, shards);
    expect(max.spec.layers[3]).toEqual({
      type: 'pooling',
      name: 'pool',
      mode: 'max',
      steps: 'all',
    });
    const unmasked = readTfjsLayersModel(modelJson('GlobalAveragePooling1D', false).json, shards);
    expect(unmasked.spec.layers[3]).toMatchObject({ steps: 'all' });
  });

  it('masked average = the average of the same tokens without their padding', async () => {
    const { json, shards } = modelJson('GlobalAveragePooling1D', true);
    const masked = readTfjsLayersModel(json, shards);
    const plain = readTfjsLayersModel(modelJson('GlobalAveragePooling1D', false).json, shards);
    const reference = createReferenceBackend();
    const padded = await (await reference.load(masked)).run({
      embedding: int32Tensor([1, 5], [3, 1, 4, 0, 0]),
    });
    const compact = await (await reference.load(plain)).run({
      embedding: int32Tensor([1, 3], [3, 1, 4]),
    });
    const a = Array.from(padded.outputs[masked.spec.output.name].data as Float64Array);
    const b = Array.from(compact.outputs[plain.spec.output.name].data as Float64Array);
    expect(a).toHaveLength(HEAD);
    for (let i = 0; i < HEAD; i++) expect(a[i]).toBeCloseTo(b[i], 12);
  });

  it('refuses TimeDistributed around anything but Dense, and keepdims pooling', () => {
    const { json, shards } = modelJson('GlobalAveragePooling1D', true);
    const layers = json.modelTopology.model_config.config.layers as {
      class_name: string;
      config: Record<string, unknown>;
    }[];
    layers[2].config.layer = { class_name: 'Conv1D', config: { name: 'c' } };
    expect(() => readTfjsLayersModel(json, shards)).toThrow(/TimeDistributed 'per_step'.*Conv1D/);
    const again = modelJson('GlobalMaxPooling1D', true);
    (
      again.json.modelTopology.model_config.config.layers[3].config as Record<string, unknown>
    ).keepdims = true;
    expect(() => readTfjsLayersModel(again.json, again.shards)).toThrow(/keepdims/);
  });
});
