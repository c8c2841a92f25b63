/** A bidirectional layer with its own backward activations is refused by name, not trained wrongly. */
import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
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

describe('backward activations in training', () => {
  it('the reference trainer refuses them by name', async () => {
    const spec = featureSpec([
      {
        type: 'gru',
        name: 'bigru',
        units: 3,
        resetAfter: true,
        direction: 'bidirectional',
        backward: { activation: 'relu' },
      },
    ]);
    expect(findUntrainableFeature(spec)?.feature).toBe(
      "backward activations (layers[0] 'bigru'.backward)",
    );
    const refused = await createReferenceTrainingEngine()
      .createTrainer(randomModel(spec, 1), config)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(RnnkitError.isInstance(refused) && refused.code).toBe('UNSUPPORTED_FEATURE');
    expect((refused as RnnkitError).message).toMatch(/backward activations/);
  });
});
