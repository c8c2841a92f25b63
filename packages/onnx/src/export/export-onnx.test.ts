/**
 * Exported graphs run on onnxruntime-node (an independent implementation of the ONNX operators)
 * and must match the float64 reference executor on the same spec and weights.
 */
import {
  charRnnSpec,
  createReferenceBackend,
  float32Tensor,
  gruLanguageModelSpec,
  initializeWeights,
  int32Tensor,
  type Model,
  type NamedTensors,
  type RecurrentState,
  recurrentLayers,
  sentimentLstmSpec,
  type Tensor,
} from '@rnnkit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { decodeModel } from '../proto/index.js';
import { exportedSignature, exportOnnx, streamingStateNames } from './index.js';
import { expectClose, seededValues } from './test-support/compare.js';
import { randomModel, SPEC_MATRIX } from './test-support/spec-matrix.js';

const BATCH = 3;

interface Case {
  inputs: NamedTensors;
  time: number;
}

function makeInputs(model: Model, seed: number): Case {
  const { spec } = model;
  const time = spec.input.timeSteps ?? 6;
  const inputs: NamedTensors = {};
  let lengths: number[] | undefined;
  if (spec.sequenceLengths) {
    lengths = [time, 2, 4].slice(0, BATCH);
    inputs[spec.sequenceLengths.name] = int32Tensor([BATCH], lengths);
  }
  if (spec.input.type === 'features') {
    inputs[spec.input.name] = float32Tensor(
      [BATCH, time, spec.input.size],
      seededValues(BATCH * time * spec.input.size, seed),
    );
  } else {
    const embedding = spec.layers[0];
    const vocabulary = embedding.type === 'embedding' ? embedding.inputDim : 2;
    const maskZero = embedding.type === 'embedding' && embedding.maskZero === true;
    const ids = new Int32Array(BATCH * time);
    for (let i = 0; i < ids.length; i++) ids[i] = 1 + ((i * 7 + seed) % (vocabulary - 1));
    if (maskZero) {
      // Post-padding: example 1 has 3 real steps, example 2 has 5.
      for (let t = 3; t < time; t++) ids[1 * time + t] = 0;
      for (let t = 5; t < time; t++) ids[2 * time + t] = 0;
    }
    inputs[spec.input.name] = int32Tensor([BATCH, time], ids);
  }
  const layers = recurrentLayers(spec);
  for (const state of spec.stateInputs ?? []) {
    const listed = layers.filter((l) => state.layers.includes(l.name));
    const directions = listed.reduce((n, l) => n + l.directions, 0);
    const shape = [directions, BATCH, listed[0].units];
    inputs[state.name] = float32Tensor(
      shape,
      seededValues(shape[0] * shape[1] * shape[2], seed + 11, 0.5),
    );
  }
  return { inputs, time };
}

function toOrt(tensor: Tensor): ort.Tensor {
  if (tensor.dtype === 'int32')
    return new ort.Tensor('int32', tensor.data as Int32Array, [...tensor.shape]);
  return new ort.Tensor('float32', Float32Array.from(tensor.data as ArrayLike<number>), [
    ...tensor.shape,
  ]);
}

async function runOrt(
  bytes: Uint8Array,
  inputs: NamedTensors,
): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of session.inputNames) feeds[name] = toOrt(inputs[name]);
    return (await session.run(feeds)) as Record<string, ort.Tensor>;
  } finally {
    await session.release();
  }
}

// Pooling's Reduce operators take their axes as an input from opset 18 (ReduceSum from 13).
const POOLING_AT_OPSET_21 = [
  'gru_mean_real_mask_zero',
  'rnn_bi_max_real_lengths',
  'lstm_mean_max_all',
];

describe('exportOnnx on onnxruntime-node matches the reference executor', () => {
  it.each([
    ...Object.keys(SPEC_MATRIX).map((key) => [key, 17] as const),
    ...POOLING_AT_OPSET_21.map((key) => [key, 21] as const),
  ])('%s (opset %i)', async (key, opset) => {
    const model = randomModel(SPEC_MATRIX[key]);
    const c = makeInputs(model, 3);
    const bytes = exportOnnx(model, { opset });
    const ortOut = await runOrt(bytes, c.inputs);
    const session = await createReferenceBackend().load(model);
    const expected = await session.run(c.inputs);
    for (const [name, tensor] of Object.entries(expected.outputs)) {
      const actual = ortOut[name];
      expect(actual, `output ${name}`).toBeDefined();
      expectClose(
        { shape: actual.dims, data: actual.data as Float32Array },
        tensor,
        `${key} ${name}`,
      );
    }
  });

  it.each(Object.keys(SPEC_MATRIX))(
    '%s with streamingState: state in and out per layer',
    async (key) => {
      const model = randomModel(SPEC_MATRIX[key], 5);
      const c = makeInputs(model, 4);
      const layers = recurrentLayers(model.spec);
      const state: RecurrentState = {};
      const inputs: NamedTensors = { ...c.inputs };
      for (const [i, layer] of layers.entries()) {
        const shape = [layer.directions, BATCH, layer.units];
        const names = streamingStateNames(layer.name);
        const size = shape[0] * shape[1] * shape[2];
        state[layer.name] = { h: float32Tensor(shape, seededValues(size, 20 + i, 0.5)) };
        inputs[names.hIn] = state[layer.name].h;
        if (layer.type === 'lstm') {
          state[layer.name].c = float32Tensor(shape, seededValues(size, 40 + i, 0.5));
          inputs[names.cIn] = state[layer.name].c!;
        }
      }
      for (const s of model.spec.stateInputs ?? []) delete inputs[s.name];
      const bytes = exportOnnx(model, { streamingState: true });
      const ortOut = await runOrt(bytes, inputs);
      const session = await createReferenceBackend().load(model);
      const runInputs = { ...c.inputs };
      for (const s of model.spec.stateInputs ?? []) delete runInputs[s.name];
      const expected = await session.run(runInputs, { state });
      const main = expected.outputs[model.spec.output.name];
      const actual = ortOut[model.spec.output.name];
      expectClose({ shape: actual.dims, data: actual.data as Float32Array }, main, `${key} main`);
      for (const layer of layers) {
        const names = streamingStateNames(layer.name);
        const h = ortOut[names.hOut];
        expectClose(
          { shape: h.dims, data: h.data as Float32Array },
          expected.state[layer.name].h,
          `${key} ${names.hOut}`,
        );
        if (layer.type === 'lstm') {
          const cOut = ortOut[names.cOut];
          expectClose(
            { shape: cOut.dims, data: cOut.data as Float32Array },
            expected.state[layer.name].c!,
            `${key} ${names.cOut}`,
          );
        }
      }
    },
  );
});

describe('exported graph structure', () => {
  it('uses native recurrent operators, layout 0, explicit linear_before_reset, spec names', () => {
    const model = randomModel(SPEC_MATRIX.gru_bidirectional_concat_last);
    const decoded = decodeModel(exportOnnx(model));
    expect(decoded.opsetImport).toEqual([{ domain: '', version: 17 }]);
    expect(decoded.irVersion).toBe(8);
    const gru = decoded.graph.node.filter((n) => n.opType === 'GRU');
    expect(gru).toHaveLength(1);
    const attrs = Object.fromEntries(gru[0].attribute.map((a) => [a.name, a]));
    expect(attrs.linear_before_reset.i).toBe(1);
    expect(attrs.layout.i).toBe(0);
    expect(new TextDecoder().decode(attrs.direction.s)).toBe('bidirectional');
    expect(decoded.graph.node.some((n) => n.opType === 'Loop' || n.opType === 'Scan')).toBe(false);
    expect(decoded.graph.input.map((i) => i.name)).toEqual(['tokens']);
    expect(decoded.graph.output.map((o) => o.name)).toEqual(['scores']);
    expect(decoded.graph.input[0].type?.shape).toEqual(['batch', 'time']);
  });

  it('writes linear_before_reset=0 explicitly for resetAfter false', () => {
    const decoded = decodeModel(
      exportOnnx(randomModel(SPEC_MATRIX.gru_reset_before_bidirectional_sum)),
    );
    const gru = decoded.graph.node.find((n) => n.opType === 'GRU')!;
    expect(gru.attribute.find((a) => a.name === 'linear_before_reset')?.i).toBe(0);
  });

  it('describes its signature with batch/time dim params and streaming state names', () => {
    const spec = SPEC_MATRIX.stacked_lstm_mask_zero_state;
    expect(exportedSignature(spec)).toEqual({
      inputs: [
        { name: 'ids', dtype: 'int32', shape: ['batch', 'time'] },
        { name: 'h0', dtype: 'float32', shape: [2, 'batch', 4] },
        { name: 'c0', dtype: 'float32', shape: [2, 'batch', 4] },
      ],
      outputs: [
        { name: 'logits', dtype: 'float32', shape: ['batch', 'time', 9] },
        { name: 'h_n', dtype: 'float32', shape: [2, 'batch', 4] },
        { name: 'c_n', dtype: 'float32', shape: [2, 'batch', 4] },
      ],
    });
    const streaming = exportedSignature(spec, { streamingState: true });
    expect(streaming.inputs.map((i) => i.name)).toEqual([
      'ids',
      'state_in/lstm_1/h',
      'state_in/lstm_1/c',
      'state_in/lstm_2/h',
      'state_in/lstm_2/c',
    ]);
    expect(streaming.outputs.map((o) => o.name)).toContain('state_out/lstm_2/c');
    const decoded = decodeModel(exportOnnx(randomModel(spec), { streamingState: true }));
    expect(decoded.graph.input.map((i) => i.name)).toEqual(streaming.inputs.map((i) => i.name));
    expect(decoded.graph.output.map((o) => o.name)).toEqual(streaming.outputs.map((o) => o.name));
  });

  it('refuses opsets outside 14..21 and recurrent activations ONNX lacks', () => {
    const model = randomModel(SPEC_MATRIX.lstm_sequence_softmax);
    expect(() => exportOnnx(model, { opset: 13 })).toThrow(/opset 13/);
    const spec = structuredClone(SPEC_MATRIX.lstm_sequence_softmax);
    (spec.layers[0] as { activation?: string }).activation = 'exponential';
    expect(() => exportOnnx(randomModel(spec))).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_FEATURE' }),
    );
  });
});

describe('the article models', () => {
  it.each([
    ['charRnn', charRnnSpec()],
    ['sentimentLstm', sentimentLstmSpec()],
    ['gruLanguageModel', gruLanguageModelSpec()],
  ] as const)('%s exports and matches the reference on onnxruntime-node', async (_, spec) => {
    const model = { spec, weights: initializeWeights(spec, { seed: 3 }) };
    const c = makeInputs(model, 9);
    const ortOut = await runOrt(exportOnnx(model), c.inputs);
    const expected = await (await createReferenceBackend().load(model)).run(c.inputs);
    for (const [name, tensor] of Object.entries(expected.outputs)) {
      const actual = ortOut[name];
      expectClose({ shape: actual.dims, data: actual.data as Float32Array }, tensor, name);
    }
  });
});
