/**
 * The issue 13 idioms in training: input `maskValue` (masked steps anywhere, both
 * `paddedOutputs`), `sequenceOrder: 'processing'`, the `activation` layer (element-wise, softmax
 * and logSoftmax heads, with the fused-logits loss) and `concatStates` (h and c, bidirectional,
 * stacked, with lengths): analytic gradients against central finite differences of the float64
 * forward loss. PyTorch's gradients for these are in pytorch-fixtures.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Activation, LayerSpec, ModelSpec, PaddedOutputs } from '../../spec/types.js';
import { int32Tensor, type Tensor } from '../../tensor.js';
import { checkGradientsByFiniteDifferences } from '../test-support/finite-differences.js';
import {
  featureSpec,
  randomFeatures,
  randomModel,
  randomTargets,
} from '../test-support/small-models.js';
import type { LossConfig } from '../types.js';

const B = 3;
const T = 5;
const MASK = -1;

/** Features with every value of the listed (example, step) pairs set to `MASK`. */
function maskedFeatures(steps: [number, number][]): Tensor {
  const x = randomFeatures(B, T, 3, 21);
  const data = x.data as Float64Array;
  for (const [b, t] of steps) data.fill(MASK, (b * T + t) * 3, (b * T + t + 1) * 3);
  return x;
}

/** Masked steps inside a sequence (two in a row), at its start and at its end. */
const INTERIOR: [number, number][] = [
  [0, 1],
  [0, 2],
  [1, 0],
  [1, 4],
  [2, 3],
];

function check(
  spec: ModelSpec,
  loss: LossConfig | LossConfig['name'],
  outputShape: number[],
  x: Tensor = randomFeatures(B, T, 3, 5),
  extraInputs: Record<string, Tensor> = {},
) {
  const name = typeof loss === 'string' ? loss : loss.name;
  const report = checkGradientsByFiniteDifferences(randomModel(spec, 17), loss, {
    inputs: { x, ...extraInputs },
    targets: randomTargets(name, outputShape, 9),
  });
  expect(report.checked).toBeGreaterThan(10);
}

const recurrent = (
  type: 'simpleRnn' | 'lstm' | 'gru',
  extra: Partial<Record<string, unknown>> = {},
): LayerSpec =>
  ({
    type,
    name: type,
    units: 3,
    ...(type === 'gru' ? { resetAfter: true, recurrentBias: true } : {}),
    ...extra,
  }) as LayerSpec;

const maskValue = { input: { name: 'x', type: 'features', size: 3, maskValue: MASK } } as const;

describe('input maskValue (Keras Masking) gradients vs finite differences', () => {
  it.each(['zero', 'previous'] as const)(
    'LSTM per-step Dense, masked steps inside sequences, paddedOutputs %s, MSE over real steps',
    (paddedOutputs: PaddedOutputs) => {
      const spec = featureSpec(
        [
          recurrent('lstm', { returnSequences: true, paddedOutputs }),
          { type: 'dense', name: 'out', units: 2 },
        ],
        3,
        maskValue,
      );
      check(spec, 'meanSquaredError', [B, T, 2], maskedFeatures(INTERIOR));
    },
  );

  it('bidirectional GRU final state, masked steps inside sequences, sigmoid Dense + BCE', () => {
    const spec = featureSpec(
      [
        recurrent('gru', { direction: 'bidirectional' }),
        { type: 'dense', name: 'out', units: 2, activation: 'sigmoid' },
      ],
      3,
      maskValue,
    );
    check(spec, 'binaryCrossentropy', [B, 2], maskedFeatures(INTERIOR));
  });

  it('stacked SimpleRNNs (previous) with real-step mean pooling', () => {
    const spec = featureSpec(
      [
        recurrent('simpleRnn', { name: 'rnn1', returnSequences: true, paddedOutputs: 'previous' }),
        recurrent('simpleRnn', { name: 'rnn2', returnSequences: true, paddedOutputs: 'previous' }),
        { type: 'pooling', name: 'pool', mode: 'mean', steps: 'real' },
        { type: 'dense', name: 'out', units: 2 },
      ],
      3,
      maskValue,
    );
    check(spec, 'meanSquaredError', [B, 2], maskedFeatures(INTERIOR));
  });
});

describe("sequenceOrder 'processing' (Keras go_backwards + return_sequences) gradients", () => {
  it.each(['zero', 'previous'] as const)(
    'reverse LSTM, per-step Dense, masked steps, paddedOutputs %s',
    (paddedOutputs: PaddedOutputs) => {
      const spec = featureSpec(
        [
          recurrent('lstm', {
            direction: 'reverse',
            returnSequences: true,
            sequenceOrder: 'processing',
            paddedOutputs,
          }),
          { type: 'dense', name: 'out', units: 2 },
        ],
        3,
        maskValue,
      );
      check(spec, 'meanSquaredError', [B, T, 2], maskedFeatures(INTERIOR));
    },
  );

  it('reverse GRU, selectStep 1 of the processing-order sequence, softmax + CCE', () => {
    const spec = featureSpec([
      recurrent('gru', {
        direction: 'reverse',
        returnSequences: true,
        sequenceOrder: 'processing',
      }),
      { type: 'selectStep', name: 'pick', index: 1 },
      { type: 'dense', name: 'out', units: 3, activation: 'softmax' },
    ]);
    check(spec, 'categoricalCrossentropy', [B, 3]);
  });
});

describe('activation layer gradients vs finite differences', () => {
  it.each([
    'tanh',
    'sigmoid',
    'softsign',
    { name: 'elu', alpha: 0.7 },
    { name: 'scaledTanh', alpha: 1.5, beta: 0.5 },
  ] as Activation[])('LSTM last output -> activation %j -> Dense, MSE', (activation) => {
    const spec = featureSpec([
      recurrent('lstm'),
      { type: 'activation', name: 'act', activation },
      { type: 'dense', name: 'out', units: 2 },
    ]);
    check(spec, 'meanSquaredError', [B, 2]);
  });

  it('a padded sequence through an activation (padded positions included), per-step MSE', () => {
    const spec = featureSpec(
      [
        recurrent('gru', { returnSequences: true, paddedOutputs: 'previous' }),
        { type: 'activation', name: 'act', activation: 'tanh' },
        { type: 'dense', name: 'out', units: 2 },
      ],
      3,
      { sequenceLengths: { name: 'lengths' } },
    );
    check(spec, 'meanSquaredError', [B, T, 2], undefined, {
      lengths: int32Tensor([B], [5, 2, 4]),
    });
  });

  it.each([
    ['sigmoid', 'binaryCrossentropy'],
    ['sigmoid', { name: 'binaryCrossentropy', probabilityClipping: 'keras' }],
    ['softmax', 'categoricalCrossentropy'],
    ['softmax', 'sparseCategoricalCrossentropy'],
    ['logSoftmax', 'sparseCategoricalCrossentropy'],
    ['logSoftmax', 'meanSquaredError'],
    ['tanh', { name: 'binaryCrossentropy', fromLogits: true }],
  ] as [Activation, LossConfig][])(
    'final activation layer %j after a linear Dense, loss %j',
    (activation, loss) => {
      const spec = featureSpec([
        recurrent('gru'),
        { type: 'dense', name: 'out', units: 3 },
        { type: 'activation', name: 'act', activation },
      ]);
      check(spec, loss, [B, 3]);
    },
  );
});

describe('concatStates gradients vs finite differences', () => {
  it('BiGRU h_n concat head (torch.cat((h_n[-2], h_n[-1]), 1)), Dense + BCE logits', () => {
    const spec = featureSpec([
      recurrent('gru', { direction: 'bidirectional', returnSequences: true }),
      { type: 'concatStates', name: 'cat', kind: 'h', layers: ['gru'] },
      { type: 'dense', name: 'out', units: 2 },
    ]);
    check(spec, { name: 'binaryCrossentropy', fromLogits: true }, [B, 2]);
  });

  it.each(['h', 'c'] as const)(
    'stacked LSTMs with lengths, %s states of both layers (second listed first), MSE',
    (kind) => {
      const spec = featureSpec(
        [
          recurrent('lstm', {
            name: 'l1',
            direction: 'bidirectional',
            returnSequences: true,
            paddedOutputs: 'zero',
          }),
          recurrent('lstm', { name: 'l2' }),
          { type: 'concatStates', name: 'cat', kind, layers: ['l2', 'l1'] },
          { type: 'dense', name: 'out', units: 2 },
        ],
        3,
        { sequenceLengths: { name: 'lengths' } },
      );
      check(spec, 'meanSquaredError', [B, 2], undefined, {
        lengths: int32Tensor([B], [5, 2, 4]),
      });
    },
  );

  it('BiLSTM under maskValue, h concat (a state reached through masked steps), softmax + CCE', () => {
    const spec = featureSpec(
      [
        recurrent('lstm', { direction: 'bidirectional' }),
        { type: 'concatStates', name: 'cat', kind: 'h', layers: ['lstm'] },
        { type: 'dense', name: 'out', units: 3, activation: 'softmax' },
      ],
      3,
      maskValue,
    );
    check(spec, 'categoricalCrossentropy', [B, 3], maskedFeatures(INTERIOR));
  });
});
