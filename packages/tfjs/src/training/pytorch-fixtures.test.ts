/**
 * The tfjs trainer (float32) against PyTorch in float64 (core's fixtures, written by
 * packages/core/src/training/__fixtures__/make_fixtures.py with torch 1.13): the loss and every
 * weight's gradient for each layer kind, and 5-step trajectories for every optimizer x loss
 * (losses per step and the final weights), on tfjs-cpu and tfjs-wasm, within core's tolerance.
 */
import { type TrainingConfig, toleranceFor } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { createTfjsTrainingEngine } from './create-tfjs-training-engine.js';
import { expectValuesClose } from './test-support/expect-values.js';
import { gradientFixtures, trajectoryFixtures } from './test-support/pytorch-fixtures.js';

for (const backend of ['cpu', 'wasm'] as const) {
  const engine = createTfjsTrainingEngine({ backend });
  const tolerance = toleranceFor(engine.id);

  describe(`tfjs-${backend} gradients vs PyTorch autograd`, () => {
    const fixtures = gradientFixtures();
    it.each(fixtures.map((f) => [f.name, f]))('%s', async (_name, fixture) => {
      const config: TrainingConfig = {
        format: 'rnnkit-training',
        formatVersion: 1,
        loss: fixture.loss,
        optimizer: { name: 'sgd', learningRate: 0.1 },
        batchSize: 1,
        epochs: 1,
      };
      const trainer = await engine.createTrainer(fixture.model, config);
      try {
        const { loss, gradients } = await trainer.computeGradients({
          inputs: fixture.inputs,
          targets: fixture.targets,
        });
        expectValuesClose([loss], [fixture.expectedLoss], tolerance, 'loss');
        expect([...gradients.keys()].sort()).toEqual(Object.keys(fixture.gradients).sort());
        for (const [name, expected] of Object.entries(fixture.gradients)) {
          expectValuesClose(gradients.get(name) as Float32Array, expected, tolerance, name);
        }
      } finally {
        await trainer.dispose();
      }
    });
  });

  describe(`tfjs-${backend} 5-step trajectories vs torch.optim`, () => {
    const fixtures = trajectoryFixtures();
    it('covers 8 optimizers x 5 losses, the 4 glue layers and the 4 issue 13 idioms', () =>
      expect(fixtures.length).toBe(48));
    it.each(fixtures.map((f) => [f.name, f]))('%s', async (_name, fixture) => {
      const trainer = await engine.createTrainer(fixture.model, fixture.config);
      try {
        const losses: number[] = [];
        for (let step = 0; step < fixture.losses.length; step++) {
          const result = await trainer.trainStep({
            inputs: fixture.inputs,
            targets: fixture.targets,
          });
          losses.push(result.loss);
        }
        expectValuesClose(losses, fixture.losses, tolerance, 'losses');
        const { weights } = await trainer.getModel();
        for (const [name, expected] of Object.entries(fixture.finalWeights)) {
          expectValuesClose(weights.get(name)?.data ?? [], expected, tolerance, name);
        }
      } finally {
        await trainer.dispose();
      }
    });
  });
}
