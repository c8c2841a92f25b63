/**
 * Dropout in the tfjs trainer: with `dropout: 'apply'` it draws core's masks (seed, optimizer
 * step, layer), so its gradients and a 3-step trajectory match the float64 reference trainer's;
 * with 'ignore' it trains exactly as the model without its dropout layers.
 */
import {
  createReferenceTrainingEngine,
  initializeWeights,
  int32Tensor,
  type ModelSpec,
  type Trainer,
  type TrainingConfig,
  toleranceFor,
} from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { createTfjsTrainingEngine } from './create-tfjs-training-engine.js';
import { expectValuesClose } from './test-support/expect-values.js';

const withDropout: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'tokens', type: 'tokens' },
  layers: [
    { type: 'embedding', name: 'embedding', inputDim: 7, outputDim: 4, maskZero: true },
    { type: 'dropout', name: 'drop_in', rate: 0.3 },
    { type: 'lstm', name: 'lstm', units: 5, returnSequences: true, paddedOutputs: 'previous' },
    { type: 'dropout', name: 'drop', rate: 0.5 },
    { type: 'pooling', name: 'pool', mode: 'max', steps: 'real' },
    { type: 'dense', name: 'dense', units: 3, activation: 'softmax' },
  ],
  output: { name: 'probabilities' },
};
const withoutDropout: ModelSpec = {
  ...withDropout,
  layers: withDropout.layers.filter((layer) => layer.type !== 'dropout'),
};
const config: TrainingConfig = {
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'sparseCategoricalCrossentropy',
  optimizer: { name: 'sgd', learningRate: 0.5, momentum: 0.9 },
  batchSize: 3,
  epochs: 1,
  seed: 11,
};
const weights = initializeWeights(withDropout, { seed: 4 });
const batch = {
  inputs: { tokens: int32Tensor([3, 4], [1, 2, 3, 0, 4, 5, 6, 1, 2, 0, 0, 0]) },
  targets: int32Tensor([3], [2, 0, 1]),
};

async function steps(trainer: Trainer, count: number): Promise<number[]> {
  const losses: number[] = [];
  for (let i = 0; i < count; i++) losses.push((await trainer.trainStep(batch)).loss);
  return losses;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`tfjs-${backend}: dropout in training`, () => {
    const tolerance = toleranceFor(`tfjs-${backend}`);
    const engine = createTfjsTrainingEngine({ backend });

    it("'apply' draws the reference's masks: gradients, then 3 steps", async () => {
      const applied = { ...config, dropout: 'apply' as const };
      const ours = await engine.createTrainer({ spec: withDropout, weights }, applied);
      const oracle = await createReferenceTrainingEngine().createTrainer(
        { spec: withDropout, weights },
        applied,
      );
      try {
        const actual = await ours.computeGradients(batch);
        const expected = await oracle.computeGradients(batch);
        expectValuesClose([actual.loss], [expected.loss], tolerance, 'loss');
        for (const [name, values] of expected.gradients)
          expectValuesClose(actual.gradients.get(name) ?? [], values, tolerance, name);
        expectValuesClose(await steps(ours, 3), await steps(oracle, 3), tolerance, 'losses');
        const [a, b] = [await ours.getModel(), await oracle.getModel()];
        for (const [name, w] of b.weights)
          expectValuesClose(a.weights.get(name)?.data ?? [], w.data, tolerance, name);
      } finally {
        await ours.dispose();
        await oracle.dispose();
      }
    });

    it("'ignore' is the model without its dropout layers, and 'apply' is not", async () => {
      const ignored = await engine.createTrainer(
        { spec: withDropout, weights },
        { ...config, dropout: 'ignore' },
      );
      const plain = await engine.createTrainer({ spec: withoutDropout, weights }, config);
      const applied = await engine.createTrainer(
        { spec: withDropout, weights },
        { ...config, dropout: 'apply' },
      );
      try {
        const plainLosses = await steps(plain, 2);
        expect(await steps(ignored, 2)).toEqual(plainLosses);
        expect((await steps(applied, 1))[0]).not.toBe(plainLosses[0]);
        // Evaluation never drops.
        const evaluated = await applied.evaluate(batch);
        const reference = await createReferenceTrainingEngine().createTrainer(
          await applied.getModel(),
          { ...config, dropout: 'ignore' },
        );
        expectValuesClose(
          [evaluated.loss],
          [(await reference.evaluate(batch)).loss],
          tolerance,
          'evaluate',
        );
        await reference.dispose();
      } finally {
        await ignored.dispose();
        await plain.dispose();
        await applied.dispose();
      }
    });

    it('refuses a dropout layer without the config field, naming it', async () => {
      await expect(
        engine.createTrainer({ spec: withDropout, weights }, config),
      ).rejects.toMatchObject({ code: 'INVALID_CONFIG', path: '$.dropout' });
    });
  });
}
