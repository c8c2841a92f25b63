/**
 * The training contract in the reference: a batch whose loss overflows float64 (finite features
 * of 1e200, squared) is not applied: weights and optimizer state stay exactly as they were.
 */
import { describe, expect, it } from 'vitest';
import { float64Tensor } from '../../tensor.js';
import { featureSpec, randomModel } from '../test-support/small-models.js';
import type { TrainingConfig } from '../types.js';
import { createReferenceTrainer } from './reference-trainer.js';

const spec = featureSpec(
  [
    { type: 'simpleRnn', name: 'rnn', units: 3, activation: 'linear' },
    { type: 'dense', name: 'out', units: 1 },
  ],
  2,
);
const config: TrainingConfig = {
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'meanSquaredError',
  optimizer: { name: 'adam', learningRate: 0.01, epsilon: 1e-8, epsilonStyle: 'pytorch' },
  batchSize: 2,
  epochs: 1,
};
const batchOf = (scale: number) => ({
  inputs: {
    x: float64Tensor(
      [2, 3, 2],
      [1, 2, -1, 0.5, 0.3, 0.2, 0.1, -0.4, 1, 1, -2, 0].map((v) => v * scale),
    ),
  },
  targets: float64Tensor([2, 1], [0.5, -0.5]),
});

describe('reference: a non-finite step is not applied', () => {
  it('keeps weights and optimizer state', async () => {
    const trainer = createReferenceTrainer(randomModel(spec, 4), config);
    await trainer.trainStep(batchOf(1));
    const weights = await trainer.getWeights?.();
    const state = JSON.stringify(await trainer.getOptimizerState(), (_k, v) =>
      ArrayBuffer.isView(v) ? [...(v as Float64Array)] : v,
    );
    const bad = await trainer.trainStep(batchOf(1e200));
    expect(Number.isFinite(bad.loss)).toBe(false);
    expect(await trainer.getWeights?.()).toEqual(weights);
    expect(
      JSON.stringify(await trainer.getOptimizerState(), (_k, v) =>
        ArrayBuffer.isView(v) ? [...(v as Float64Array)] : v,
      ),
    ).toBe(state);
    await trainer.dispose();
  });
});
