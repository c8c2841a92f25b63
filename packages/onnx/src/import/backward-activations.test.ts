/**
 * ONNX bidirectional nodes whose two directions use different activations (issue 13): the
 * fixtures (../__fixtures__/onnx-extra, written by make_onnx_extra.py with numpy from the ONNX
 * operator formulas) run on onnxruntime-node to the recorded outputs, which confirms ORT reads
 * `activations` as [forward..., backward...] with alphas/betas packed across directions; the
 * importer turns the second half into the spec's `backward` field (the reference run against the
 * recorded outputs is in import-onnx.test.ts, which runs every onnx-extra case).
 */
import { readFileSync } from 'node:fs';
import { float32Tensor, type LayerSpec } from '@rnnkit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../export/test-support/compare.js';
import { decodeModel, decodeTensor, OnnxDataType, tensorToFloat32 } from '../proto/index.js';
import { importOnnxDetailed } from './index.js';

const root = new URL('../__fixtures__/onnx-extra/', import.meta.url);

function readOrt(url: URL): ort.Tensor {
  const t = decodeTensor(new Uint8Array(readFileSync(url)));
  if (t.dataType === OnnxDataType.INT32) {
    return new ort.Tensor('int32', Int32Array.from(tensorToFloat32(t)), t.dims);
  }
  return new ort.Tensor('float32', tensorToFloat32(t), t.dims);
}

const CASES: [string, Partial<LayerSpec>][] = [
  [
    'test_rnn_bidirectional_activations_tanh_relu',
    { type: 'simpleRnn', activation: 'tanh', backward: { activation: 'relu' } },
  ],
  [
    'test_gru_bidirectional_activations_seq_lens',
    {
      type: 'gru',
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      backward: {
        activation: 'relu',
        recurrentActivation: { name: 'hardSigmoid', alpha: Math.fround(0.2), beta: 0.5 },
      },
    },
  ],
  [
    'test_lstm_bidirectional_activations_packed_alphas',
    {
      type: 'lstm',
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      backward: {
        activation: { name: 'leakyRelu', alpha: Math.fround(0.1) },
        recurrentActivation: {
          name: 'hardSigmoid',
          alpha: Math.fround(0.25),
          beta: Math.fround(0.4),
        },
      },
    },
  ],
];

describe('bidirectional ONNX nodes with per-direction activations', () => {
  it.each(CASES)('%s: onnxruntime-node gives the recorded outputs', async (name) => {
    const dir = new URL(`${name}/`, root);
    const bytes = new Uint8Array(readFileSync(new URL('model.onnx', dir)));
    const graph = decodeModel(bytes).graph;
    const feeds: Record<string, ort.Tensor> = {};
    graph.input.forEach((input, i) => {
      feeds[input.name] = readOrt(new URL(`test_data_set_0/input_${i}.pb`, dir));
    });
    const session = await ort.InferenceSession.create(bytes);
    try {
      const outputs = await session.run(feeds);
      graph.output.forEach((output, i) => {
        const expected = readOrt(new URL(`test_data_set_0/output_${i}.pb`, dir));
        const actual = outputs[output.name];
        expectClose(
          { shape: actual.dims, data: actual.data as Float32Array },
          { shape: [...expected.dims], data: expected.data as Float32Array },
          `${name} ${output.name}`,
          { atol: 1e-5, rtol: 1e-4 },
        );
      });
    } finally {
      await session.release();
    }
  });

  it.each(CASES)('%s: imports with the backward activations', (name, expected) => {
    const dir = new URL(`${name}/`, root);
    const bytes = new Uint8Array(readFileSync(new URL('model.onnx', dir)));
    const graph = decodeModel(bytes).graph;
    const bindInputs = Object.fromEntries(
      graph.input
        .map((input, i) => [input.name, i] as const)
        .filter(([inputName]) => ['W', 'R', 'B'].includes(inputName))
        .map(([inputName, i]) => {
          const t = decodeTensor(
            new Uint8Array(readFileSync(new URL(`test_data_set_0/input_${i}.pb`, dir))),
          );
          return [inputName, float32Tensor(t.dims, tensorToFloat32(t))];
        }),
    );
    const layer = importOnnxDetailed(bytes, { bindInputs }).model.spec.layers[0];
    expect(layer).toMatchObject({ direction: 'bidirectional', ...expected });
  });
});
