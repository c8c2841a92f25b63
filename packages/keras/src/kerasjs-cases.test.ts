/**
 * keras-js's single-layer fixtures (Keras 2.0.x): layer config, one input sequence, weights in
 * Keras order, Keras's output rounded to 6 decimals. Each case goes through the TF.js layers
 * reader as a one-layer model; stateful cases ran predict twice, so the expected output is the
 * second call's, with the state carried over.
 */
import { describe, expect, it } from 'vitest';
import { fixtureText } from './test-support/fixtures.js';
import { expectClose, runOnReference } from './test-support/reference.js';
import { readTfjsLayersModel } from './tfjs/read-tfjs-layers.js';

interface KerasJsCase {
  layer: string;
  inputShape: number[];
  config: Record<string, unknown> & {
    layer?: { class_name: string; config: Record<string, unknown> };
  };
  input: { data: number[]; shape: number[] };
  weights: { data: number[]; shape: number[] }[];
  expected: { data: number[]; shape: number[] };
}

const cases = JSON.parse(fixtureText('real/kerasjs_layer_fixtures/cases.json')) as Record<
  string,
  KerasJsCase
>;
const KERAS_ROUNDED = { atol: 2e-6, rtol: 1e-5 };

function asTfjsFiles(testCase: KerasJsCase) {
  const bidirectional = testCase.layer === 'Bidirectional';
  const inner = bidirectional
    ? testCase.config.layer
    : { class_name: testCase.layer, config: testCase.config };
  const useBias = (inner?.config.use_bias as boolean | undefined) ?? true;
  const roles = useBias ? ['kernel', 'recurrent_kernel', 'bias'] : ['kernel', 'recurrent_kernel'];
  const names = bidirectional
    ? [
        ...roles.map((role) => `layer/forward_cell/${role}`),
        ...roles.map((role) => `layer/backward_cell/${role}`),
      ]
    : roles.map((role) => `layer/${role}`);
  expect(names.length).toBe(testCase.weights.length);
  const total = testCase.weights.reduce((sum, weight) => sum + weight.data.length, 0);
  const shard = new Float32Array(total);
  let offset = 0;
  for (const weight of testCase.weights) {
    shard.set(weight.data, offset);
    offset += weight.data.length;
  }
  const modelJson = {
    modelTopology: {
      keras_version: '2.0.8',
      model_config: {
        class_name: 'Sequential',
        config: [
          {
            class_name: testCase.layer,
            config: {
              ...testCase.config,
              name: 'layer',
              batch_input_shape: [null, ...testCase.inputShape],
            },
          },
        ],
      },
    },
    weightsManifest: [
      {
        paths: ['shard'],
        weights: testCase.weights.map((weight, i) => ({
          name: names[i],
          shape: weight.shape,
          dtype: 'float32',
        })),
      },
    ],
  };
  return { modelJson, shards: { shard: new Uint8Array(shard.buffer) } };
}

describe('keras-js layer fixtures', () => {
  it('has the 35 cases', () => expect(Object.keys(cases)).toHaveLength(35));

  for (const [name, testCase] of Object.entries(cases)) {
    const config =
      testCase.layer === 'Bidirectional' ? (testCase.config.layer?.config ?? {}) : testCase.config;
    const label = `${name} ${JSON.stringify({ ...config, merge_mode: testCase.config.merge_mode })}`;
    it(label, async () => {
      const { modelJson, shards } = asTfjsFiles(testCase);
      const model = readTfjsLayersModel(modelJson, shards);
      if (config.go_backwards === true && config.return_sequences === true) {
        // Keras returns these in processing order (keras-js recorded Keras's own outputs).
        expect(model.spec.layers[0]).toMatchObject({ sequenceOrder: 'processing' });
      }
      const input = { shape: [1, ...testCase.input.shape], data: testCase.input.data };
      let result = await runOnReference(model, input);
      if (testCase.config.stateful === true)
        result = await runOnReference(model, input, result.state);
      expect(result.output.shape).toEqual([1, ...testCase.expected.shape]);
      expectClose(result.output.data as Float64Array, testCase.expected.data, KERAS_ROUNDED, name);
    });
  }
});
