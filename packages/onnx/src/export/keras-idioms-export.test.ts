/**
 * Keras idioms in the ONNX export: the `activation` layer (standalone nodes on every position),
 * and a features `maskValue` (Keras Masking) exported as in-graph lengths: run on onnxruntime-node,
 * compared with the float64 reference executor at every output position, for post-masked inputs
 * (the only kind `sequence_lens` expresses; the ORT runner refuses the others by name).
 */
import {
  createReferenceBackend,
  float32Tensor,
  type ModelSpec,
  type NamedTensors,
  RnnkitError,
} from '@rnnkit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { checkSuffixPadding } from '../runtime/padding.js';
import { createRunPreparer } from '../runtime/prepare-run.js';
import { exportOnnx } from './index.js';
import { expectClose, seededValues } from './test-support/compare.js';
import { randomModel } from './test-support/spec-matrix.js';

const MASK = 2.5;

function spec(layers: ModelSpec['layers']): ModelSpec {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size: 3, maskValue: MASK },
    layers,
    output: { name: 'y' },
  };
}

const SPECS: Record<string, ModelSpec> = {
  lstm_last: spec([{ type: 'lstm', name: 'lstm', units: 4 }]),
  gru_sequence_previous: spec([
    {
      type: 'gru',
      name: 'gru',
      units: 3,
      resetAfter: true,
      recurrentBias: true,
      returnSequences: true,
      paddedOutputs: 'previous',
    },
    { type: 'dense', name: 'head', units: 2 },
  ]),
  gru_sequence_activation_softmax: spec([
    {
      type: 'gru',
      name: 'gru',
      units: 3,
      resetAfter: false,
      returnSequences: true,
      paddedOutputs: 'previous',
    },
    { type: 'activation', name: 'act', activation: 'softmax' },
  ]),
  lstm_pooling_activation: spec([
    { type: 'lstm', name: 'lstm', units: 4, returnSequences: true, paddedOutputs: 'zero' },
    { type: 'activation', name: 'relu', activation: 'relu' },
    { type: 'pooling', name: 'pool', mode: 'max', steps: 'all' },
    { type: 'activation', name: 'elu', activation: { name: 'elu', alpha: 0.7 } },
  ]),
  lstm_go_backwards_processing: spec([
    {
      type: 'lstm',
      name: 'lstm',
      units: 3,
      direction: 'reverse',
      returnSequences: true,
      paddedOutputs: 'previous',
      sequenceOrder: 'processing',
    },
    { type: 'dense', name: 'head', units: 2 },
    { type: 'activation', name: 'act', activation: 'tanh' },
  ]),
  bidirectional_rnn_zero: spec([
    {
      type: 'simpleRnn',
      name: 'rnn',
      units: 3,
      direction: 'bidirectional',
      returnSequences: true,
      paddedOutputs: 'zero',
    },
  ]),
};

/** Batch 3, 5 steps; example 1 has 2 real steps, example 2 has 4; example 0 has a 2.5 that is not a whole masked step. */
function inputs(): NamedTensors {
  const data = seededValues(3 * 5 * 3, 5);
  data[0] = MASK;
  const maskStep = (b: number, t: number) => data.fill(MASK, (b * 5 + t) * 3, (b * 5 + t + 1) * 3);
  for (const t of [2, 3, 4]) maskStep(1, t);
  maskStep(2, 4);
  return { x: float32Tensor([3, 5, 3], data) };
}

async function runOrt(bytes: Uint8Array, x: NamedTensors['x']): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run({
      x: new ort.Tensor('float32', x.data as Float32Array, [...x.shape]),
    });
    return out.y as ort.Tensor;
  } finally {
    await session.release();
  }
}

describe('exportOnnx with maskValue and activation layers on onnxruntime-node matches the reference', () => {
  it.each(Object.keys(SPECS).flatMap((key) => [[key, 17] as const, [key, 21] as const]))(
    '%s (opset %i)',
    async (key, opset) => {
      const model = randomModel(SPECS[key], 9);
      const given = inputs();
      const actual = await runOrt(exportOnnx(model, { opset }), given.x);
      const expected = await (await createReferenceBackend().load(model)).run(given);
      expectClose(
        { shape: actual.dims, data: actual.data as Float32Array },
        expected.outputs.y,
        `${key} opset ${opset}`,
      );
    },
  );
});

describe('the ORT runner and maskValue', () => {
  it('gets the mask from core (not the fast path) and refuses a masked step inside a sequence', () => {
    const model = SPECS.lstm_last;
    const prepare = createRunPreparer(model);
    const data = seededValues(2 * 4 * 3, 1);
    data.fill(MASK, 3, 6); // example 0, step 1: masked, then real steps follow
    const prepared = prepare({ x: float32Tensor([2, 4, 3], data) }, undefined);
    expect(Array.from(prepared.mask ?? [])).toEqual([1, 0, 1, 1, 1, 1, 1, 1]);
    let error: unknown;
    try {
      checkSuffixPadding(model, prepared, 'ort-node-cpu');
    } catch (caught) {
      error = caught;
    }
    expect(RnnkitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'UNSUPPORTED_FEATURE',
      message: expect.stringMatching(/maskValue with padding inside a sequence/),
    });
  });
});
