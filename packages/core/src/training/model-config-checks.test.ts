/** A logSoftmax head meets the losses by explicit rules; meaningless combinations are refused by name. */
import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import type { LayerSpec } from '../spec/types.js';
import { createReferenceTrainingEngine } from './reference/reference-trainer.js';
import { featureSpec, randomModel } from './test-support/small-models.js';
import type { LossConfig, TrainingConfig } from './types.js';

const config = (loss: LossConfig): TrainingConfig => ({
  format: 'rnnkit-training',
  formatVersion: 1,
  loss,
  optimizer: { name: 'sgd', learningRate: 0.1 },
  batchSize: 2,
  epochs: 1,
});

const lstm: LayerSpec = { type: 'lstm', name: 'lstm', units: 3, returnSequences: true };
const head: LayerSpec = { type: 'dense', name: 'out', units: 2, activation: 'logSoftmax' };

async function refusal(layers: LayerSpec[], loss: LossConfig): Promise<RnnkitError | undefined> {
  const engine = createReferenceTrainingEngine();
  return engine.createTrainer(randomModel(featureSpec(layers), 1), config(loss)).then(
    async (trainer) => {
      await trainer.dispose();
      return undefined;
    },
    (e: RnnkitError) => e,
  );
}

describe('logSoftmax head x loss', () => {
  it.each([
    [{ name: 'binaryCrossentropy' }, '$.loss.name', /logSoftmax Dense/],
    [
      { name: 'sparseCategoricalCrossentropy', fromLogits: true },
      '$.loss.fromLogits',
      /not logits/,
    ],
    [
      { name: 'categoricalCrossentropy', probabilityClipping: 'keras' },
      '$.loss.probabilityClipping',
      /no probability to clip/,
    ],
  ] as [LossConfig, string, RegExp][])('refuses %j at %s', async (loss, path, message) => {
    const error = await refusal([lstm, head], loss);
    expect(RnnkitError.isInstance(error)).toBe(true);
    expect(error?.code).toBe('INVALID_CONFIG');
    expect(error?.path).toBe(path);
    expect(error?.message).toMatch(message);
  });

  it('refuses cross-entropy when layers follow the logSoftmax Dense', async () => {
    const error = await refusal(
      [lstm, head, { type: 'pooling', name: 'pool', mode: 'mean', steps: 'all' }],
      { name: 'sparseCategoricalCrossentropy' },
    );
    expect(error?.code).toBe('INVALID_CONFIG');
    expect(error?.message).toMatch(/'out' to be the model's last layer/);
  });

  it.each([
    { name: 'sparseCategoricalCrossentropy' },
    { name: 'categoricalCrossentropy' },
    { name: 'meanSquaredError' },
  ] as LossConfig[])('accepts %j', async (loss) => {
    expect(await refusal([lstm, head], loss)).toBeUndefined();
  });
});
