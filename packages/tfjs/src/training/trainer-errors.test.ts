/**
 * What the tfjs trainer refuses and how: untrainable features, bad batches, bad optimizer
 * state, use after dispose; and that an optimizer state written back resumes the same steps.
 */
import {
  float32Tensor,
  initializeWeights,
  int32Tensor,
  type ModelSpec,
  type TrainingConfig,
} from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createTfjsTrainingEngine } from './create-tfjs-training-engine.js';

const spec: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'tokens', type: 'tokens' },
  layers: [
    { type: 'embedding', name: 'embedding', inputDim: 7, outputDim: 3 },
    { type: 'gru', name: 'gru', units: 4, resetAfter: true, recurrentBias: true },
    { type: 'dense', name: 'dense', units: 5, activation: 'softmax' },
  ],
  output: { name: 'probabilities' },
};
const config: TrainingConfig = {
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'sparseCategoricalCrossentropy',
  optimizer: { name: 'adam', learningRate: 0.01, epsilon: 1e-7, epsilonStyle: 'keras' },
  batchSize: 2,
  epochs: 1,
};
const model = { spec, weights: initializeWeights(spec, { seed: 3 }) };
const batch = {
  inputs: { tokens: int32Tensor([2, 3], [1, 2, 3, 4, 5, 6]) },
  targets: int32Tensor([2], [1, 4]),
};
const engine = createTfjsTrainingEngine({ backend: 'cpu' });

describe('tfjs trainer errors', () => {
  it('refuses dropout with a rate unless the config says apply or ignore', async () => {
    const withDropout: ModelSpec = {
      ...spec,
      layers: [
        spec.layers[0],
        { type: 'dropout', name: 'drop', rate: 0.2 },
        ...spec.layers.slice(1),
      ],
    };
    await expect(
      engine.createTrainer({ spec: withDropout, weights: model.weights }, config),
    ).rejects.toMatchObject({ code: 'INVALID_CONFIG', path: '$.dropout' });
  });

  it('refuses an invalid config with its JSON path', async () => {
    const bad = { ...config, optimizer: { name: 'adam', learningRate: 0.01, epsilon: 1e-7 } };
    await expect(engine.createTrainer(model, bad as TrainingConfig)).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      path: '$.optimizer.epsilonStyle',
    });
  });

  it('refuses bad targets and inputs with INVALID_INPUT naming the tensor, leaking nothing', async () => {
    const trainer = await engine.createTrainer(model, config);
    const before = tf.memory().numTensors;
    for (const [targets, path] of [
      [int32Tensor([2], [1, 5]), 'targets'],
      [int32Tensor([3], [1, 2, 3]), 'targets'],
      [float32Tensor([2], [1, 2]), 'targets'],
    ] as const) {
      await expect(trainer.trainStep({ ...batch, targets })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        path,
      });
    }
    await expect(
      trainer.trainStep({ ...batch, inputs: { tokens: int32Tensor([2, 3], [1, 2, 3, 4, 5, 9]) } }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'tokens' });
    expect(tf.memory().numTensors).toBe(before);
    await trainer.dispose();
    await expect(trainer.trainStep(batch)).rejects.toMatchObject({ code: 'DISPOSED' });
  });

  it('keeps no tensor per step: trainStep, computeGradients and evaluate leave the count flat', async () => {
    const trainer = await engine.createTrainer(model, config);
    await trainer.trainStep(batch);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await trainer.trainStep(batch);
      await trainer.computeGradients(batch);
      await trainer.evaluate(batch);
    }
    expect(tf.memory().numTensors).toBe(before);
    await trainer.dispose();
  });

  it('resumes the same trajectory from a saved optimizer state and weights', async () => {
    const straight = await engine.createTrainer(model, config);
    for (let i = 0; i < 4; i++) await straight.trainStep(batch);
    const first = await engine.createTrainer(model, config);
    for (let i = 0; i < 2; i++) await first.trainStep(batch);
    const resumed = await engine.createTrainer(await first.getModel(), config);
    await resumed.setOptimizerState(await first.getOptimizerState());
    for (let i = 0; i < 2; i++) await resumed.trainStep(batch);
    const a = (await straight.getModel()).weights;
    for (const [name, w] of (await resumed.getModel()).weights)
      expect(Array.from(w.data), name).toEqual(Array.from(a.get(name)?.data ?? []));
    await expect(
      resumed.setOptimizerState({ name: 'sgd', step: 1, slots: {} }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    for (const t of [straight, first, resumed]) await t.dispose();
  });
});
