/**
 * selectStep, pooling (mean / max x steps 'all' / 'real', with lengths and maskZero, both
 * paddedOutputs) and the logSoftmax head: analytic gradients against central finite differences
 * of the float64 forward loss. PyTorch's gradients for these are in pytorch-fixtures.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { LayerSpec, ModelSpec, PaddedOutputs } from '../../spec/types.js';
import { float64Tensor, int32Tensor } from '../../tensor.js';
import { checkGradientsByFiniteDifferences } from '../test-support/finite-differences.js';
import {
  featureSpec,
  randomFeatures,
  randomModel,
  randomTargets,
} from '../test-support/small-models.js';
import type { LossConfig } from '../types.js';

const B = 3;
const T = 4;

function checkFeatures(
  layers: LayerSpec[],
  loss: LossConfig | LossConfig['name'],
  outputShape: number[],
  lengths?: number[],
) {
  const spec = featureSpec(layers, 3, lengths ? { sequenceLengths: { name: 'lengths' } } : {});
  const inputs = {
    x: randomFeatures(B, T, 3, 5),
    ...(lengths ? { lengths: int32Tensor([B], lengths) } : {}),
  };
  const name = typeof loss === 'string' ? loss : loss.name;
  const report = checkGradientsByFiniteDifferences(randomModel(spec, 13), loss, {
    inputs,
    targets: randomTargets(name, outputShape, 9),
  });
  expect(report.checked).toBeGreaterThan(10);
}

const gru = (paddedOutputs?: PaddedOutputs, direction = 'forward'): LayerSpec =>
  ({
    type: 'gru',
    name: 'gru',
    units: 3,
    resetAfter: true,
    recurrentBias: true,
    returnSequences: true,
    direction,
    ...(paddedOutputs ? { paddedOutputs } : {}),
  }) as LayerSpec;

describe('glue layer gradients vs finite differences', () => {
  it.each([0, 2, -1, -3])('selectStep index %i after a bidirectional GRU, MSE', (index) => {
    checkFeatures(
      [
        gru(undefined, 'bidirectional'),
        { type: 'selectStep', name: 'pick', index },
        { type: 'dense', name: 'out', units: 2 },
      ],
      'meanSquaredError',
      [B, 2],
    );
  });

  it.each([
    ['mean', 'all', 'zero'],
    ['mean', 'real', 'zero'],
    ['mean', 'all', 'previous'],
    ['max', 'all', 'zero'],
    ['max', 'real', 'zero'],
    ['max', 'all', 'previous'],
    ['max', 'real', 'previous'],
  ] as const)(
    'pooling %s over %s steps, lengths, paddedOutputs %s, bidirectional',
    (mode, steps, padded) => {
      checkFeatures(
        [
          gru(padded, 'bidirectional'),
          { type: 'pooling', name: 'pool', mode, steps },
          { type: 'dense', name: 'out', units: 2, activation: 'sigmoid' },
        ],
        'binaryCrossentropy',
        [B, 2],
        [4, 1, 3],
      );
    },
  );

  it.each(['mean', 'max'] as const)(
    'Embedding(maskZero) + LSTM(previous) + %s pooling over real steps, logSoftmax + sparse CE',
    (mode) => {
      const spec: ModelSpec = {
        format: 'rnnkit-model',
        formatVersion: 1,
        input: { name: 'tokens', type: 'tokens' },
        layers: [
          { type: 'embedding', name: 'emb', inputDim: 5, outputDim: 3, maskZero: true },
          {
            type: 'lstm',
            name: 'lstm',
            units: 3,
            returnSequences: true,
            paddedOutputs: 'previous',
          },
          { type: 'pooling', name: 'pool', mode, steps: 'real' },
          { type: 'dense', name: 'out', units: 3, activation: 'logSoftmax' },
        ],
        output: { name: 'p' },
      };
      // Example 2 has no real step: it pools to the constant 0.
      const tokens = int32Tensor([3, 4], [1, 0, 3, 4, 2, 2, 0, 0, 0, 0, 0, 0]);
      const report = checkGradientsByFiniteDifferences(
        randomModel(spec, 3),
        'sparseCategoricalCrossentropy',
        { inputs: { tokens }, targets: int32Tensor([3], [2, 0, 1]) },
      );
      expect(report.checked).toBe(15 + 36 + 36 + 12 + 9 + 3);
    },
  );

  it.each([
    ['sparseCategoricalCrossentropy', [B, T, 4]],
    ['categoricalCrossentropy', [B, T, 4]],
    ['meanSquaredError', [B, T, 4]],
  ] as const)('per-step logSoftmax head with lengths, %s', (loss, shape) => {
    checkFeatures(
      [gru('zero'), { type: 'dense', name: 'out', units: 4, activation: 'logSoftmax' }],
      loss,
      [...shape],
      [4, 2, 3],
    );
  });

  it('categorical CE on a logSoftmax head (soft targets: −Σ y·log p)', () => {
    const spec = featureSpec([
      gru(),
      { type: 'selectStep', name: 'last', index: -1 },
      { type: 'dense', name: 'out', units: 2, activation: 'logSoftmax' },
    ]);
    const targets = float64Tensor([B, 2], [0.25, 0.75, 1, 0, 0.5, 0.5]);
    checkGradientsByFiniteDifferences(randomModel(spec, 2), 'categoricalCrossentropy', {
      inputs: { x: randomFeatures(B, T, 3, 1) },
      targets,
    });
  });
});
