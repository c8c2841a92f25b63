/** The reference trainer as an engine: agreement with the reference executor, errors, state. */
import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../../errors.js';
import { runReference } from '../../reference/run-reference.js';
import { float32Tensor, float64Tensor, int32Tensor } from '../../tensor.js';
import {
  featureSpec,
  randomFeatures,
  randomModel,
  randomTargets,
} from '../test-support/small-models.js';
import type { TrainingConfig } from '../types.js';
import { createReferenceTrainingEngine } from './reference-trainer.js';

const spec = featureSpec([
  { type: 'lstm', name: 'lstm', units: 3, returnSequences: true },
  { type: 'dense', name: 'out', units: 2 },
]);
const config: TrainingConfig = {
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'meanSquaredError',
  optimizer: { name: 'adam', learningRate: 0.01, epsilon: 1e-7, epsilonStyle: 'keras' },
  batchSize: 2,
  epochs: 1,
  metrics: ['accuracy'],
};
const x = randomFeatures(2, 4, 3, 1);
const targets = randomTargets('meanSquaredError', [2, 4, 2], 2);

async function errorOf(promise: Promise<unknown>): Promise<RnnkitError> {
  try {
    await promise;
  } catch (error) {
    if (RnnkitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an RnnkitError');
}

describe('createReferenceTrainingEngine', () => {
  it('computes the loss of the reference executor output', async () => {
    const model = randomModel(spec, 3);
    const trainer = await createReferenceTrainingEngine().createTrainer(model, config);
    const { loss } = await trainer.computeGradients({ inputs: { x }, targets });
    const y = runReference(model, { x }).outputs.y.data as Float64Array;
    const t = targets.data as Float64Array;
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += (y[i] - t[i]) ** 2;
    expect(loss).toBeCloseTo(sum / y.length, 14);
  });

  it('steps change the weights and lower the loss; optimizer state round-trips', async () => {
    const engine = createReferenceTrainingEngine();
    const trainer = await engine.createTrainer(randomModel(spec, 3), config);
    const batch = { inputs: { x }, targets };
    const first = await trainer.trainStep(batch);
    for (let i = 0; i < 20; i++) await trainer.trainStep(batch);
    const later = await trainer.evaluate(batch);
    expect(later.loss).toBeLessThan(first.loss);
    expect(first.metrics.accuracy).toBeGreaterThanOrEqual(0);
    const state = await trainer.getOptimizerState();
    expect(state.step).toBe(21);
    expect(Object.keys(state.slots['lstm/kernel'])).toEqual(['m', 'v']);
    // A second trainer from the same weights and state takes the same next step.
    const copy = await engine.createTrainer(await trainer.getModel(), config);
    await copy.setOptimizerState(state);
    const a = await trainer.trainStep(batch);
    const b = await copy.trainStep(batch);
    // The copy's weights went through float32, so agree to float32 precision.
    expect(b.loss).toBeCloseTo(a.loss, 5);
    const wa = (await trainer.getModel()).weights.get('out/kernel')?.data as Float32Array;
    const wb = (await copy.getModel()).weights.get('out/kernel')?.data as Float32Array;
    for (let i = 0; i < wa.length; i++) expect(wb[i]).toBeCloseTo(wa[i], 5);
    await expect(errorOf(copy.setOptimizerState({ ...state, name: 'sgd' }))).resolves.toMatchObject(
      {
        code: 'INVALID_STATE',
      },
    );
  });

  it('refuses bad targets and non-finite inputs with INVALID_INPUT naming the tensor', async () => {
    const trainer = await createReferenceTrainingEngine().createTrainer(
      randomModel(spec, 3),
      config,
    );
    const wrongShape = float32Tensor([2, 4, 3]);
    expect(await errorOf(trainer.trainStep({ inputs: { x }, targets: wrongShape }))).toMatchObject({
      code: 'INVALID_INPUT',
      path: 'targets',
    });
    const nan = float64Tensor([2, 4, 2], new Array(16).fill(Number.NaN));
    expect(await errorOf(trainer.trainStep({ inputs: { x }, targets: nan }))).toMatchObject({
      code: 'INVALID_INPUT',
      path: 'targets',
    });
    const badX = float64Tensor([2, 4, 3], new Array(24).fill(Number.POSITIVE_INFINITY));
    expect(await errorOf(trainer.trainStep({ inputs: { x: badX }, targets }))).toMatchObject({
      code: 'INVALID_INPUT',
      path: 'x',
    });
    const sparse = await createReferenceTrainingEngine().createTrainer(randomModel(spec, 3), {
      ...config,
      loss: 'sparseCategoricalCrossentropy',
    });
    const outOfRange = int32Tensor([2, 4], [0, 1, 2, 0, 1, 1, 0, 0]);
    const error = await errorOf(sparse.trainStep({ inputs: { x }, targets: outOfRange }));
    expect(error.message).toMatch(/class id 2 .* outside \[0, 2\)/);
    expect(
      await errorOf(sparse.trainStep({ inputs: { x }, targets: float32Tensor([2, 4]) })),
    ).toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('a step with a non-finite loss leaves the weights untouched', async () => {
    const sigmoidSpec = featureSpec([
      { type: 'simpleRnn', name: 'rnn', units: 1, activation: 'sigmoid' },
    ]);
    const model = randomModel(sigmoidSpec, 1);
    // Huge weights drive p to exactly 1.0; with y = 0 the exact loss is −log(0) = Infinity.
    for (const tensor of model.weights.values()) tensor.data.fill(1e30);
    const trainer = await createReferenceTrainingEngine().createTrainer(model, {
      ...config,
      loss: 'binaryCrossentropy',
    });
    const before = (await trainer.getModel()).weights.get('rnn/kernel')?.data.slice();
    const result = await trainer.trainStep({
      inputs: { x: randomFeatures(1, 2, 3, 4) },
      targets: float64Tensor([1, 1], [0]),
    });
    expect(Number.isFinite(result.loss)).toBe(false);
    expect((await trainer.getModel()).weights.get('rnn/kernel')?.data).toEqual(before);
    expect((await trainer.getOptimizerState()).step).toBe(0);
  });

  it('returns the final state when the batch carries one (truncated BPTT)', async () => {
    const trainer = await createReferenceTrainingEngine().createTrainer(
      randomModel(spec, 3),
      config,
    );
    const h = float64Tensor([1, 2, 3]);
    const c = float64Tensor([1, 2, 3]);
    const result = await trainer.evaluate({ inputs: { x }, targets, state: { lstm: { h, c } } });
    expect(result.state?.lstm.h.shape).toEqual([1, 2, 3]);
    const ref = runReference(randomModel(spec, 3), { x });
    expect(Array.from(result.state?.lstm.h.data as Float64Array)).toEqual(
      Array.from(ref.state.lstm.h.data as Float64Array),
    );
  });
});
