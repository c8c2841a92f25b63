/**
 * tfjs-cpu's training kernels (forward/register-training-kernels.ts) on the configurations they
 * serve, against core's float64 reference trainer: the LSTM step kernel with sequence lengths
 * (padded steps keep the state through tf.where around the kernel), bidirectional, stacked, a
 * reverse layer after a maskZero Embedding with paddedOutputs 'previous'. Each case also checks
 * which kernels ran, so a silent fallback to the stock ops would fail here: peepholes and other
 * activations must take the stock ops (their gradients: reference-gradients.test.ts).
 */
import {
  createReferenceTrainingEngine,
  int32Tensor,
  type ModelSpec,
  type NamedTensors,
  outputShape,
  type Tensor,
  type TrainingConfig,
  toleranceFor,
} from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { seededFeatures, seededModel } from '../test-support/seeded-weights.js';
import { createTfjsTrainingEngine } from './create-tfjs-training-engine.js';
import { expectValuesClose } from './test-support/expect-values.js';

const engine = createTfjsTrainingEngine({ backend: 'cpu' });
const reference = createReferenceTrainingEngine();
const tolerance = toleranceFor('tfjs-cpu');

const config: TrainingConfig = {
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: { name: 'meanSquaredError' },
  optimizer: { name: 'sgd', learningRate: 0.1 },
  batchSize: 3,
  epochs: 1,
};

const lengths: Tensor = { dtype: 'int32', shape: [3], data: Int32Array.from([6, 2, 4]) };
const padded = int32Tensor([3, 6], [0, 3, 5, 1, 2, 0, 4, 4, 0, 0, 0, 0, 7, 1, 2, 6, 0, 0]);

function featureSpec(layers: ModelSpec['layers'], extra: Partial<ModelSpec> = {}): ModelSpec {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size: 3 },
    layers,
    output: { name: 'y' },
    ...extra,
  };
}

interface Case {
  name: string;
  spec: ModelSpec;
  inputs: NamedTensors;
  /** Whether the LSTM step kernel must run (false: the stock-op fallback). */
  fused: boolean;
}

const CASES: Case[] = [
  {
    name: 'bidirectional LSTM with sequence lengths',
    spec: featureSpec(
      [
        { type: 'lstm', name: 'lstm', units: 5, direction: 'bidirectional' },
        { type: 'dense', name: 'dense', units: 2 },
      ],
      { sequenceLengths: { name: 'lengths' } },
    ),
    inputs: { x: seededFeatures(3, 6, 3), lengths },
    fused: true,
  },
  {
    name: 'stacked LSTMs (sequences, then reverse) with lengths',
    spec: featureSpec(
      [
        { type: 'lstm', name: 'first', units: 4, returnSequences: true, paddedOutputs: 'zero' },
        {
          type: 'lstm',
          name: 'second',
          units: 3,
          direction: 'reverse',
          returnSequences: true,
          paddedOutputs: 'zero',
        },
      ],
      { sequenceLengths: { name: 'lengths' } },
    ),
    inputs: { x: seededFeatures(3, 6, 3), lengths },
    fused: true,
  },
  {
    name: "Embedding(maskZero) > reverse LSTM, paddedOutputs 'previous' > Dense",
    spec: {
      format: 'rnnkit-model',
      formatVersion: 1,
      input: { name: 'tokens', type: 'tokens' },
      layers: [
        { type: 'embedding', name: 'embedding', inputDim: 8, outputDim: 4, maskZero: true },
        {
          type: 'lstm',
          name: 'lstm',
          units: 6,
          direction: 'reverse',
          returnSequences: true,
          paddedOutputs: 'previous',
        },
        { type: 'dense', name: 'dense', units: 2 },
      ],
      output: { name: 'y' },
    },
    inputs: { tokens: padded },
    fused: true,
  },
  {
    name: 'LSTM with peepholes (stock ops)',
    spec: featureSpec([{ type: 'lstm', name: 'lstm', units: 4, peepholes: true }]),
    inputs: { x: seededFeatures(3, 6, 3) },
    fused: false,
  },
  {
    name: 'LSTM with relu activation (stock ops)',
    spec: featureSpec([{ type: 'lstm', name: 'lstm', units: 4, activation: 'relu' }]),
    inputs: { x: seededFeatures(3, 6, 3) },
    fused: false,
  },
];

/** Targets shaped like the model's output on a [batch, time] input. */
function targets(spec: ModelSpec, batch: number, time: number): Tensor {
  const shape = outputShape(spec).map((d, i) => (i === 0 ? batch : d === -1 ? time : d));
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    dtype: 'float32',
    shape,
    data: Float32Array.from({ length: size }, (_, i) => Math.cos(i * 0.7)),
  };
}

describe('tfjs-cpu training kernels vs the float64 reference', () => {
  CASES.forEach(({ name, spec, inputs, fused }, index) => {
    it(name, async () => {
      const model = seededModel(spec, 900 + index);
      const oracle = await reference.createTrainer(model, config);
      const ours = await engine.createTrainer(model, config);
      try {
        const [batch, time] = Object.values(inputs)[0].shape;
        const step = { inputs, targets: targets(spec, batch, time) };
        let actual: Awaited<ReturnType<typeof ours.computeGradients>> | undefined;
        const profile = await tf.profile(async () => {
          actual = await ours.computeGradients(step);
          return [];
        });
        const expected = await oracle.computeGradients(step);
        const ran = new Set(profile.kernelNames);
        expect(ran.has('RnnkitLstmTrainingStep')).toBe(fused);
        expect(ran.has('RnnkitLstmTrainingStepGrad')).toBe(fused);
        expect(ran.has('RnnkitMatMul')).toBe(true);
        if (!actual) throw new Error('no gradients');
        expectValuesClose([actual.loss], [expected.loss], tolerance, 'loss');
        for (const [weight, values] of expected.gradients) {
          expectValuesClose(actual.gradients.get(weight) ?? [], values, tolerance, weight);
        }
      } finally {
        await ours.dispose();
        await oracle.dispose();
      }
    });
  });
});
