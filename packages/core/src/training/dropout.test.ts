/**
 * Dropout in training (`dropout: 'apply' | 'ignore'`): required by name, seeded masks with the
 * right kept fraction and scale, gradients through the kept units, and 'ignore' = no dropout.
 */
import { describe, expect, it } from 'vitest';
import type { RnnkitError } from '../errors.js';
import type { LayerSpec } from '../spec/types.js';
import { dropoutMask } from './dropout-masks.js';
import { fit } from './fit/fit.js';
import type { TrainingCheckpoint } from './fit/fit-types.js';
import {
  createReferenceTrainer,
  createReferenceTrainingEngine,
} from './reference/reference-trainer.js';
import { checkGradientsByFiniteDifferences } from './test-support/finite-differences.js';
import {
  featureSpec,
  randomFeatures,
  randomModel,
  randomTargets,
} from './test-support/small-models.js';
import type { TrainingConfig } from './types.js';

const base: TrainingConfig = {
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'meanSquaredError',
  optimizer: { name: 'adam', learningRate: 0.05, epsilon: 1e-8, epsilonStyle: 'pytorch' },
  batchSize: 4,
  epochs: 1,
  seed: 7,
};
const gru: LayerSpec = {
  type: 'gru',
  name: 'gru',
  units: 4,
  resetAfter: true,
  returnSequences: true,
};
const withDropout = featureSpec([
  { type: 'dropout', name: 'in_drop', rate: 0.25 },
  gru,
  { type: 'dropout', name: 'drop', rate: 0.5 },
  { type: 'dense', name: 'out', units: 2 },
]);
const withoutDropout = featureSpec([gru, { type: 'dense', name: 'out', units: 2 }]);
const batch = {
  inputs: { x: randomFeatures(4, 5, 3, 2) },
  targets: randomTargets('meanSquaredError', [4, 5, 2], 3),
};

function errorOf(run: () => unknown): RnnkitError {
  try {
    run();
  } catch (e) {
    return e as RnnkitError;
  }
  throw new Error('no error');
}

async function run(spec: typeof withDropout, config: TrainingConfig, steps = 3) {
  const trainer = createReferenceTrainer(randomModel(spec, 5), config);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push((await trainer.trainStep(batch)).loss);
  const weights = await trainer.getWeights?.();
  const evaluated = (await trainer.evaluate(batch)).loss;
  await trainer.dispose();
  return { losses, weights, evaluated };
}

describe('dropout in training', () => {
  it('is required by name when the model has a dropout layer with a rate', () => {
    const missing = errorOf(() => createReferenceTrainer(randomModel(withDropout, 5), base));
    expect(missing.code).toBe('INVALID_CONFIG');
    expect(missing.path).toBe('$.dropout');
    expect(missing.message).toMatch(/'in_drop'/);
    const noSeed = errorOf(() =>
      createReferenceTrainer(randomModel(withDropout, 5), {
        ...base,
        seed: undefined,
        dropout: 'apply',
      }),
    );
    expect(noSeed.path).toBe('$.seed');
    const bad = errorOf(() =>
      createReferenceTrainer(randomModel(withDropout, 5), {
        ...base,
        dropout: 'sometimes' as never,
      }),
    );
    expect(bad.path).toBe('$.dropout');
  });

  it('masks are a function of (seed, step, layer), with the kept fraction and scale of the rate', () => {
    const size = 100_000;
    const rate = 0.3;
    const mask = dropoutMask({ seed: 1, step: 0 }, 2, size, rate);
    expect(dropoutMask({ seed: 1, step: 0 }, 2, size, rate)).toEqual(mask);
    expect(dropoutMask({ seed: 1, step: 1 }, 2, size, rate)).not.toEqual(mask);
    expect(dropoutMask({ seed: 2, step: 0 }, 2, size, rate)).not.toEqual(mask);
    expect(dropoutMask({ seed: 1, step: 0 }, 3, size, rate)).not.toEqual(mask);
    let kept = 0;
    for (const value of mask) {
      if (value !== 0) {
        expect(value).toBe(1 / (1 - rate));
        kept++;
      }
    }
    // Binomial(n, 0.7): 6 standard deviations is ~0.0087 of the fraction.
    const sigma = Math.sqrt((rate * (1 - rate)) / size);
    expect(Math.abs(kept / size - (1 - rate))).toBeLessThan(6 * sigma);
    // Inverted dropout keeps the expected value: mean of the mask ≈ 1.
    expect(Math.abs(mask.reduce((a, b) => a + b, 0) / size - 1)).toBeLessThan(
      (6 * sigma) / (1 - rate),
    );
  });

  it('gradients through the kept units match finite differences (fixed masks)', () => {
    const report = checkGradientsByFiniteDifferences(
      randomModel(withDropout, 5),
      'meanSquaredError',
      batch,
      1e-6,
      { seed: 7, step: 3 },
    );
    expect(report.checked).toBe(3 * 12 + 4 * 12 + 12 + 4 * 2 + 2);
  });

  it("'ignore' trains exactly as the model without its dropout layers", async () => {
    const ignored = await run(withDropout, { ...base, dropout: 'ignore' });
    const plain = await run(withoutDropout, base);
    expect(ignored.losses).toEqual(plain.losses);
    expect(ignored.weights).toEqual(plain.weights);
  });

  it("'apply' is deterministic for a seed, changes the trajectory, and evaluation does not drop", async () => {
    const applied = await run(withDropout, { ...base, dropout: 'apply' });
    const again = await run(withDropout, { ...base, dropout: 'apply' });
    const plain = await run(withoutDropout, base);
    const otherSeed = await run(withDropout, { ...base, seed: 8, dropout: 'apply' });
    expect(again.losses).toEqual(applied.losses);
    expect(again.weights).toEqual(applied.weights);
    expect(applied.losses[0]).not.toBe(plain.losses[0]);
    expect(otherSeed.losses[0]).not.toBe(applied.losses[0]);
    // evaluate() of the first trainer before any step equals the undropped model's loss.
    const trainer = createReferenceTrainer(randomModel(withDropout, 5), {
      ...base,
      dropout: 'apply',
    });
    const reference = createReferenceTrainer(randomModel(withoutDropout, 5), base);
    expect((await trainer.evaluate(batch)).loss).toBe((await reference.evaluate(batch)).loss);
  });

  it("'apply' resumed from a checkpoint continues the same masks (fit, bit for bit)", async () => {
    const engine = createReferenceTrainingEngine();
    const applied: TrainingConfig = { ...base, batchSize: 2, epochs: 2, dropout: 'apply' };
    const checkpoints: TrainingCheckpoint[] = [];
    const full = await fit(randomModel(withDropout, 5), batch, applied, {
      engine,
      checkpoint: { every: 'batch', save: (c) => void checkpoints.push(c) },
    });
    expect(checkpoints).toHaveLength(4);
    const resumed = await fit(randomModel(withDropout, 99), batch, applied, {
      engine,
      resumeFrom: checkpoints[2],
    });
    expect(resumed.history).toEqual(full.history);
    for (const [name, tensor] of full.model.weights)
      expect(resumed.model.weights.get(name)?.data).toEqual(tensor.data);
  });
});
