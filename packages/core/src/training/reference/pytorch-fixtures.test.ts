/**
 * The reference trainer against PyTorch autograd and torch.optim in float64 (fixtures written by
 * __fixtures__/make_fixtures.py with torch 1.13): the loss and every weight's gradient for each
 * layer kind, and 5-step trajectories for every optimizer x loss, within 1e-9 relative.
 */
import { describe, expect, it } from 'vitest';
import { gradientFixtures, trajectoryFixtures } from '../test-support/fixture-files.js';
import { resolveLoss } from '../validate-config.js';
import { evaluateBatchLoss } from './batch-loss.js';
import { clipGradients } from './clip-gradients.js';
import { backwardModel } from './model-tape.js';
import { applyOptimizer, type OptimizerRun } from './optimizers.js';
import { ParameterStore } from './parameter-store.js';
import { createReferenceTrainer } from './reference-trainer.js';

function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
  rtol = 1e-9,
) {
  expect(actual.length, what).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    // Relative to the tensor's largest magnitude: near-zero entries are sums of cancelling terms.
    if (error > rtol * Math.max(scale, 1e-12)) {
      throw new Error(`${what}[${i}]: ${actual[i]} vs PyTorch ${expected[i]} (scale ${scale})`);
    }
  }
}

describe('gradients vs PyTorch autograd (float64)', () => {
  const fixtures = gradientFixtures();
  it('has a case per layer kind, glue layer and idiom', () => expect(fixtures.length).toBe(25));
  it.each(fixtures.map((f) => [f.name, f]))('%s', (_name, fixture) => {
    const store = new ParameterStore(fixture.model.weights);
    const { tape, result } = evaluateBatchLoss(
      fixture.model.spec,
      store,
      resolveLoss(fixture.loss),
      false,
      { inputs: fixture.inputs, targets: fixture.targets },
    );
    expect(Math.abs(result.loss - fixture.expectedLoss)).toBeLessThan(
      1e-12 * Math.max(1, fixture.expectedLoss),
    );
    const gradients = backwardModel(tape, result.gradient, result.gradientOfLogits);
    expect([...gradients.keys()].sort()).toEqual(Object.keys(fixture.gradients).sort());
    for (const [name, expected] of Object.entries(fixture.gradients)) {
      expectClose(gradients.get(name) as Float64Array, expected, name);
    }
  });
});

describe('optimizer trajectories vs torch.optim (float64, 5 steps)', () => {
  const fixtures = trajectoryFixtures();
  it('covers 8 optimizers x 5 losses, the 4 glue layers and the 4 issue 13 idioms', () =>
    expect(fixtures.length).toBe(48));
  it.each(fixtures.map((f) => [f.name, f]))('%s', (_name, fixture) => {
    // Driven through the float64 pieces so the weights stay float64 between steps, like PyTorch's.
    const store = new ParameterStore(fixture.model.weights);
    const loss = resolveLoss(fixture.config.loss);
    const run: OptimizerRun = { config: fixture.config.optimizer, step: 0, slots: new Map() };
    const losses: number[] = [];
    for (let step = 0; step < fixture.losses.length; step++) {
      const { tape, result } = evaluateBatchLoss(fixture.model.spec, store, loss, false, {
        inputs: fixture.inputs,
        targets: fixture.targets,
      });
      losses.push(result.loss);
      const gradients = backwardModel(tape, result.gradient, result.gradientOfLogits);
      clipGradients(gradients, fixture.config);
      applyOptimizer(run, store.values, gradients);
    }
    expectClose(losses, fixture.losses, 'losses');
    for (const [name, expected] of Object.entries(fixture.finalWeights)) {
      expectClose(store.get(name), expected, name);
    }
  });

  it('the trainer (float32 weights in and out) follows the same first step', async () => {
    const fixture = fixtures[3];
    const trainer = createReferenceTrainer(fixture.model, fixture.config);
    const first = await trainer.trainStep({ inputs: fixture.inputs, targets: fixture.targets });
    expect(Math.abs(first.loss - fixture.losses[0])).toBeLessThan(1e-12);
    const second = await trainer.trainStep({ inputs: fixture.inputs, targets: fixture.targets });
    expect(Math.abs(second.loss - fixture.losses[1])).toBeLessThan(1e-9);
    const state = await trainer.getOptimizerState();
    expect(state.step).toBe(2);
    await trainer.dispose();
  });
});
