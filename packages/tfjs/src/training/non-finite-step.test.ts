/**
 * The training contract: a step whose loss or gradients are not finite is never applied. A batch
 * of finite but huge features overflows the loss to Infinity (float32: 1e30² and beyond); the
 * weights AND the optimizer state must be exactly what they were, and the next good step must
 * be the one an untouched trainer takes.
 */
import {
  float64Tensor,
  type Model,
  type ModelSpec,
  type OptimizerState,
  type TrainingConfig,
} from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { createTfjsTrainingEngine } from './create-tfjs-training-engine.js';

const spec: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'x', type: 'features', size: 2 },
  layers: [
    { type: 'simpleRnn', name: 'rnn', units: 3, activation: 'linear' },
    { type: 'dense', name: 'out', units: 1 },
  ],
  output: { name: 'y' },
};
const weights: Model['weights'] = new Map([
  ['rnn/kernel', { shape: [2, 3], data: Float32Array.from([0.1, -0.2, 0.3, 0.4, 0.5, -0.6]) }],
  [
    'rnn/recurrentKernel',
    { shape: [3, 3], data: Float32Array.from([0.1, 0, 0.2, 0, 0.3, 0, 0.1, 0.1, 0.1]) },
  ],
  ['rnn/bias', { shape: [3], data: Float32Array.from([0.01, 0.02, 0.03]) }],
  ['out/kernel', { shape: [3, 1], data: Float32Array.from([0.5, -0.5, 0.25]) }],
  ['out/bias', { shape: [1], data: Float32Array.from([0.1]) }],
]);
const config: TrainingConfig = {
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'meanSquaredError',
  optimizer: { name: 'adam', learningRate: 0.01, epsilon: 1e-7, epsilonStyle: 'keras' },
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

const snapshot = (model: Model) =>
  Object.fromEntries([...model.weights].map(([name, w]) => [name, [...w.data]]));
const slots = (state: OptimizerState) =>
  JSON.stringify(state, (_k, v) => (ArrayBuffer.isView(v) ? [...(v as Float32Array)] : v));

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`tfjs-${backend}: a non-finite step is not applied`, () => {
    it('keeps weights and optimizer state, and the next step is the untouched one', async () => {
      const engine = createTfjsTrainingEngine({ backend });
      const trainer = await engine.createTrainer({ spec, weights }, config);
      const control = await engine.createTrainer({ spec, weights }, config);
      try {
        // A good step first, so Adam has slots (m, v) and a step count to protect.
        await trainer.trainStep(batchOf(1));
        await control.trainStep(batchOf(1));
        const before = snapshot(await trainer.getModel());
        const stateBefore = slots(await trainer.getOptimizerState());

        const bad = await trainer.trainStep(batchOf(1e30));
        expect(Number.isFinite(bad.loss)).toBe(false);
        expect(snapshot(await trainer.getModel())).toEqual(before);
        expect(slots(await trainer.getOptimizerState())).toBe(stateBefore);
        expect((await trainer.getOptimizerState()).step).toBe(1);

        const next = await trainer.trainStep(batchOf(1));
        const expected = await control.trainStep(batchOf(1));
        expect(next.loss).toBe(expected.loss);
        expect(snapshot(await trainer.getModel())).toEqual(snapshot(await control.getModel()));
      } finally {
        await trainer.dispose();
        await control.dispose();
      }
    });
  });
}
