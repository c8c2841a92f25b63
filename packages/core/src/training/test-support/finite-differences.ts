/**
 * Central finite differences of the float64 forward loss, to check the analytic BPTT gradients
 * against something that never ran a backward pass.
 */
import { expect } from 'vitest';
import { expectedWeights, type Model } from '../../weights/canonical.js';
import type { DropoutContext } from '../dropout-masks.js';
import { evaluateBatchLoss } from '../reference/batch-loss.js';
import { backwardModel } from '../reference/model-tape.js';
import { ParameterStore } from '../reference/parameter-store.js';
import type { LossConfig, TrainingBatch } from '../types.js';
import { resolveLoss } from '../validate-config.js';

export interface FiniteDifferenceReport {
  checked: number;
  worst: number;
}

export function checkGradientsByFiniteDifferences(
  model: Model,
  lossConfig: LossConfig | LossConfig['name'],
  batch: TrainingBatch,
  step = 1e-6,
  dropout?: DropoutContext,
): FiniteDifferenceReport {
  const loss = resolveLoss(lossConfig);
  const store = new ParameterStore(model.weights);
  const { tape, result } = evaluateBatchLoss(model.spec, store, loss, false, batch, dropout);
  expect(Number.isFinite(result.loss)).toBe(true);
  const gradients = backwardModel(tape, result.gradient, result.gradientOfLogits);
  const names = expectedWeights(model.spec).map((w) => w.name);
  expect([...gradients.keys()].sort()).toEqual([...names].sort());
  const lossAt = () =>
    evaluateBatchLoss(model.spec, store, loss, false, batch, dropout).result.loss;
  let checked = 0;
  let worst = 0;
  for (const name of names) {
    const parameter = store.get(name);
    const analytic = gradients.get(name) as Float64Array;
    for (let i = 0; i < parameter.length; i++) {
      const original = parameter[i];
      parameter[i] = original + step;
      const plus = lossAt();
      parameter[i] = original - step;
      const minus = lossAt();
      parameter[i] = original;
      const numeric = (plus - minus) / (2 * step);
      const error = Math.abs(analytic[i] - numeric) / (1e-6 + Math.abs(numeric));
      worst = Math.max(worst, error);
      // Rounding in (plus − minus) is about ε·|loss|/step: allow that, plus a 1e-5 relative error.
      const rounding = (1e-15 * Math.abs(result.loss)) / step;
      if (Math.abs(analytic[i] - numeric) > 1e-7 + rounding + 1e-5 * Math.abs(numeric)) {
        throw new Error(`${name}[${i}]: analytic ${analytic[i]} vs finite difference ${numeric}`);
      }
      checked++;
    }
  }
  return { checked, worst };
}
