/** Every layer and activation of the spec trains: the glue layers are no longer refused. */
import { describe, expect, it } from 'vitest';
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
const cases: [string, LayerSpec[]][] = [
  ['pooling', [lstm, { type: 'pooling', name: 'pool', mode: 'mean', steps: 'all' }]],
  ['selectStep', [lstm, { type: 'selectStep', name: 'last', index: -1 }]],
  ['logSoftmax', [lstm, { type: 'dense', name: 'out', units: 2, activation: 'logSoftmax' }]],
];

describe('trainable spec features', () => {
  it.each(cases)('the reference trainer accepts %s', async (_, layers) => {
    const spec = featureSpec(layers);
    expect(findUntrainableFeature(spec)).toBeUndefined();
    const trainer = await createReferenceTrainingEngine().createTrainer(
      randomModel(spec, 1),
      config,
    );
    await trainer.dispose();
  });
});
