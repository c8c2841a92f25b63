/** The glue layers without a backward pass are refused by name, never trained as identities. */
import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import type { LayerSpec } from '../spec/types.js';
import { createReferenceTrainingEngine } from './reference/reference-trainer.js';
import { featureSpec, randomModel } from './test-support/small-models.js';
import type { TrainingConfig } from './types.js';
import { findUntrainableFeature } from './untrainable-features.js';

const config: TrainingConfig = {
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'meanSquaredError',
  optimizer: { name: 'sgd', learningRate: 0.1 },
  batchSize: 2,
  epochs: 1,
};

const lstm: LayerSpec = { type: 'lstm', name: 'lstm', units: 3, returnSequences: true };
const cases: [string, LayerSpec[], RegExp][] = [
  [
    'pooling',
    [lstm, { type: 'pooling', name: 'pool', mode: 'mean', steps: 'all' }],
    /pooling layer \(layers\[1\] 'pool'\)/,
  ],
  [
    'selectStep',
    [lstm, { type: 'selectStep', name: 'last', index: -1 }],
    /selectStep layer \(layers\[1\] 'last'\)/,
  ],
  [
    'logSoftmax',
    [lstm, { type: 'dense', name: 'out', units: 2, activation: 'logSoftmax' }],
    /logSoftmax activation \(layers\[1\] 'out'\)/,
  ],
];

describe('untrainable spec features', () => {
  it.each(cases)(
    'the reference trainer refuses %s with UNSUPPORTED_FEATURE',
    async (_, layers, feature) => {
      const spec = featureSpec(layers);
      expect(findUntrainableFeature(spec)?.feature).toMatch(feature);
      const engine = createReferenceTrainingEngine();
      const error = await engine.createTrainer(randomModel(spec, 1), config).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(RnnkitError.isInstance(error)).toBe(true);
      expect((error as RnnkitError).code).toBe('UNSUPPORTED_FEATURE');
      expect((error as RnnkitError).message).toMatch(feature);
    },
  );

  it('accepts the layers it differentiates', () => {
    expect(
      findUntrainableFeature(featureSpec([lstm, { type: 'dense', name: 'out', units: 2 }])),
    ).toBeUndefined();
  });
});
