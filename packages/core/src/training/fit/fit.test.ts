/** The fit loop driven by the float64 reference engine. */
import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../../errors.js';
import { float64Tensor, int32Tensor } from '../../tensor.js';
import {
  createReferenceTrainer,
  createReferenceTrainingEngine,
} from '../reference/reference-trainer.js';
import { trajectoryFixtures } from '../test-support/fixture-files.js';
import {
  featureSpec,
  randomFeatures,
  randomModel,
  randomTargets,
} from '../test-support/small-models.js';
import type { TrainingConfig } from '../types.js';
import { batchIndices, epochOrder } from './batching.js';
import { parseCheckpoint, serializeCheckpoint } from './checkpoint-json.js';
import { fit, isTrainingDiverged } from './fit.js';
import type { TrainingCheckpoint } from './fit-types.js';
import { runBatch } from './run-batch.js';

const engine = createReferenceTrainingEngine();
const spec = featureSpec([
  { type: 'gru', name: 'gru', units: 3, resetAfter: true },
  { type: 'dense', name: 'out', units: 1, activation: 'sigmoid' },
]);
const N = 7;
const data = {
  inputs: { x: randomFeatures(N, 4, 3, 1) },
  targets: randomTargets('binaryCrossentropy', [N, 1], 2),
};
const config: TrainingConfig = {
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'binaryCrossentropy',
  optimizer: { name: 'adam', learningRate: 0.05, epsilon: 1e-7, epsilonStyle: 'keras' },
  batchSize: 3,
  epochs: 4,
  shuffle: true,
  seed: 5,
  metrics: ['accuracy'],
};

async function errorOf(promise: Promise<unknown>): Promise<RnnkitError> {
  try {
    await promise;
  } catch (error) {
    if (RnnkitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an RnnkitError');
}

describe('batching', () => {
  it('keeps the last partial batch and shuffles by seed and epoch', () => {
    expect(batchIndices(epochOrder(7, false, 0, 0), 3).map((b) => [...b])).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6],
    ]);
    const a = [...epochOrder(20, true, 5, 0)];
    expect([...a].sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
    expect([...epochOrder(20, true, 5, 0)]).toEqual(a);
    expect([...epochOrder(20, true, 5, 1)]).not.toEqual(a);
    expect([...epochOrder(20, true, 6, 0)]).not.toEqual(a);
  });
});

describe('fit', () => {
  it('trains: history per epoch, callbacks per batch, the loss goes down', async () => {
    const seen: number[] = [];
    const epochs: number[] = [];
    const result = await fit(randomModel(spec, 1), data, config, {
      engine,
      onBatchEnd: (info) => {
        seen.push(info.examples);
      },
      onEpochEnd: (info) => {
        epochs.push(info.epoch);
      },
      validationData: data,
    });
    expect(seen).toEqual([3, 3, 1, 3, 3, 1, 3, 3, 1, 3, 3, 1]);
    expect(epochs).toEqual([0, 1, 2, 3]);
    expect(result.stopReason).toBe('completed');
    expect(result.history.loss).toHaveLength(4);
    expect(result.history.accuracy).toHaveLength(4);
    expect(result.history.valLoss).toHaveLength(4);
    expect(result.history.loss[3]).toBeLessThan(result.history.loss[0]);
  });

  it('is the same as stepping a trainer by hand over the same batches', async () => {
    const plain = { ...config, shuffle: false, epochs: 1 };
    const result = await fit(randomModel(spec, 1), data, plain, { engine });
    const trainer = createReferenceTrainer(randomModel(spec, 1), plain);
    const losses: number[] = [];
    for (const [start, end] of [
      [0, 3],
      [3, 6],
      [6, 7],
    ]) {
      const x = data.inputs.x;
      const batch = {
        inputs: {
          x: float64Tensor(
            [end - start, 4, 3],
            (x.data as Float64Array).slice(start * 12, end * 12),
          ),
        },
        targets: float64Tensor(
          [end - start, 1],
          (data.targets.data as Float64Array).slice(start, end),
        ),
      };
      losses.push((await trainer.trainStep(batch)).loss * (end - start));
    }
    expect(result.history.loss[0]).toBeCloseTo((losses[0] + losses[1] + losses[2]) / 7, 14);
    expect(result.model.weights.get('out/kernel')?.data).toEqual(
      (await trainer.getModel()).weights.get('out/kernel')?.data,
    );
  });

  it('resumes from a checkpoint on exactly the same trajectory', async () => {
    const checkpoints: TrainingCheckpoint[] = [];
    const full = await fit(randomModel(spec, 1), data, config, {
      engine,
      validationData: data,
      checkpoint: { every: 'batch', save: (c) => void checkpoints.push(c) },
    });
    expect(checkpoints).toHaveLength(12);
    // Through JSON text too: every float64 number reads back exactly.
    const fromText = parseCheckpoint(serializeCheckpoint(checkpoints[7]));
    expect(fromText.weights?.get('gru/kernel')).toEqual(checkpoints[7].weights?.get('gru/kernel'));
    expect(
      await errorOf(Promise.resolve().then(() => parseCheckpoint('{"format":"x"}'))),
    ).toMatchObject({
      code: 'INVALID_STATE',
      path: '$.format',
    });
    for (const from of [checkpoints[4], checkpoints[5], fromText]) {
      const resumed = await fit(randomModel(spec, 99), data, config, {
        engine,
        validationData: data,
        resumeFrom: from,
      });
      expect(resumed.history).toEqual(full.history);
      for (const [name, tensor] of full.model.weights) {
        expect(resumed.model.weights.get(name)?.data).toEqual(tensor.data);
      }
    }
  });

  it('resumes through JSON text with early-stopping state (best weights included)', async () => {
    const early: TrainingConfig = {
      ...config,
      epochs: 6,
      earlyStopping: { monitor: 'valLoss', patience: 5, restoreBestWeights: true },
    };
    const texts: string[] = [];
    const full = await fit(randomModel(spec, 1), data, early, {
      engine,
      validationData: data,
      checkpoint: { save: (c) => void texts.push(serializeCheckpoint(c)) },
    });
    expect(texts).toHaveLength(6);
    const resumed = await fit(randomModel(spec, 2), data, early, {
      engine,
      validationData: data,
      resumeFrom: parseCheckpoint(texts[2]),
    });
    expect(resumed.history).toEqual(full.history);
    expect(resumed.model.weights.get('out/kernel')?.data).toEqual(
      full.model.weights.get('out/kernel')?.data,
    );
  });

  it('stops when aborted, after the batch in progress', async () => {
    const controller = new AbortController();
    let batches = 0;
    const result = await fit(randomModel(spec, 1), data, config, {
      engine,
      signal: controller.signal,
      onBatchEnd: () => {
        batches++;
        if (batches === 2) controller.abort();
      },
    });
    expect(result.stopReason).toBe('aborted');
    expect(batches).toBe(2);
  });

  it('stops early and restores the best weights (Keras EarlyStopping rules)', async () => {
    // minDelta so large that only the first epoch counts as an improvement: stop after epoch 1.
    const early = {
      ...config,
      earlyStopping: {
        monitor: 'loss' as const,
        patience: 1,
        minDelta: 1e9,
        restoreBestWeights: true,
      },
    };
    const result = await fit(randomModel(spec, 1), data, early, { engine });
    expect(result.stopReason).toBe('earlyStopping');
    expect(result.history.loss).toHaveLength(2);
    const oneEpoch = await fit(randomModel(spec, 1), data, { ...config, epochs: 1 }, { engine });
    expect(result.model.weights.get('gru/kernel')?.data).toEqual(
      oneEpoch.model.weights.get('gru/kernel')?.data,
    );
  });

  it('a diverging loss stops with TRAINING_DIVERGED naming epoch and step, keeping the last good weights', async () => {
    const rnn = featureSpec([{ type: 'simpleRnn', name: 'rnn', units: 1, activation: 'sigmoid' }]);
    const diverging: TrainingConfig = {
      ...config,
      shuffle: false,
      epochs: 50,
      optimizer: { name: 'sgd', learningRate: 1e6 },
    };
    const saved: TrainingCheckpoint[] = [];
    const error = await errorOf(
      fit(randomModel(rnn, 3), data, diverging, {
        engine,
        checkpoint: { every: 'batch', save: (c) => void saved.push(c) },
      }),
    );
    expect(error.code).toBe('TRAINING_DIVERGED');
    if (!isTrainingDiverged(error)) throw new Error('not a divergence');
    expect(error.message).toContain(`epoch ${error.epoch} step ${error.step}`);
    const lastGood = saved[saved.length - 1].model.weights.get('rnn/kernel')?.data;
    expect(error.model.weights.get('rnn/kernel')?.data).toEqual(lastGood);
    for (const value of error.model.weights.get('rnn/kernel')?.data ?? [])
      expect(Number.isFinite(value)).toBe(true);
  });

  it('refuses bad data before the first step, naming the tensor', async () => {
    const model = randomModel(spec, 1);
    const fewer = { inputs: data.inputs, targets: float64Tensor([6, 1]) };
    expect(await errorOf(fit(model, fewer, config, { engine }))).toMatchObject({
      code: 'INVALID_INPUT',
      path: 'x',
    });
    const shape = { inputs: data.inputs, targets: float64Tensor([7, 2]) };
    expect(await errorOf(fit(model, shape, config, { engine }))).toMatchObject({
      code: 'INVALID_INPUT',
      path: 'targets',
    });
    const dtype = { inputs: data.inputs, targets: int32Tensor([7, 1]) };
    expect(await errorOf(fit(model, dtype, config, { engine }))).toMatchObject({
      code: 'INVALID_INPUT',
      path: 'targets',
    });
    const nan = {
      inputs: data.inputs,
      targets: float64Tensor([7, 1], [0, 1, Number.NaN, 0, 1, 0, 1]),
    };
    expect((await errorOf(fit(model, nan, config, { engine }))).message).toMatch(
      /NaN at flat index 2/,
    );
    const validation = await errorOf(fit(model, data, config, { engine, validationData: shape }));
    expect(validation.path).toBe('validationData.targets');
    const monitor = { ...config, earlyStopping: { monitor: 'valLoss' as const, patience: 1 } };
    expect(await errorOf(fit(model, data, monitor, { engine }))).toMatchObject({
      code: 'INVALID_CONFIG',
    });
    expect(await errorOf(fit(model, data, { ...config, batchSize: 0 }, { engine }))).toMatchObject({
      code: 'INVALID_CONFIG',
      path: '$.batchSize',
    });
  });
});

describe('fit against PyTorch', () => {
  it.each(
    trajectoryFixtures()
      .filter((_, i) => i % 7 === 0)
      .map((f) => [f.name, f]),
  )(
    "one full batch per epoch for 5 epochs ends on torch.optim's float64 weights (%s)",
    async (_name, fixture) => {
      const examples = fixture.targets.shape[0];
      const result = await fit(
        fixture.model,
        { inputs: fixture.inputs, targets: fixture.targets },
        { ...fixture.config, batchSize: examples, epochs: fixture.losses.length },
        { engine },
      );
      // Epoch losses are the losses before each step; the weights come out rounded to float32.
      for (let i = 0; i < fixture.losses.length; i++) {
        expect(result.history.loss[i]).toBeCloseTo(fixture.losses[i], 9);
      }
      for (const [name, expected] of Object.entries(fixture.finalWeights)) {
        const actual = result.model.weights.get(name)?.data as Float32Array;
        // Within float32 rounding (half an ulp is 6e-8 relative).
        for (let i = 0; i < expected.length; i++) {
          expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(
            6e-8 * Math.abs(expected[i]),
          );
        }
      }
    },
  );
});

describe('truncated BPTT', () => {
  const seqSpec = featureSpec([
    { type: 'lstm', name: 'lstm', units: 3, returnSequences: true },
    { type: 'dense', name: 'out', units: 2 },
  ]);
  const x = randomFeatures(2, 6, 3, 7);
  const targets = randomTargets('meanSquaredError', [2, 6, 2], 8);
  const seqConfig: TrainingConfig = {
    ...config,
    loss: 'meanSquaredError',
    metrics: [],
    shuffle: false,
  };

  it('carries the state between windows: windowed evaluation equals the whole sequence', async () => {
    const trainer = createReferenceTrainer(randomModel(seqSpec, 2), seqConfig);
    const whole = await runBatch(trainer, { inputs: { x }, targets }, seqConfig, false);
    const windowed = await runBatch(
      trainer,
      { inputs: { x }, targets },
      { ...seqConfig, truncatedBptt: { steps: 2 } },
      false,
    );
    expect(windowed.loss).toBeCloseTo(whole.loss, 13);
  });

  it('takes one optimizer step per window, and fit trains with it', async () => {
    const windowed = { ...seqConfig, truncatedBptt: { steps: 2 } };
    const trainer = createReferenceTrainer(randomModel(seqSpec, 2), windowed);
    await runBatch(trainer, { inputs: { x }, targets }, windowed, true);
    expect((await trainer.getOptimizerState()).step).toBe(3);
    const result = await fit(
      randomModel(seqSpec, 2),
      { inputs: { x }, targets },
      { ...windowed, epochs: 5 },
      { engine },
    );
    expect(result.history.loss[4]).toBeLessThan(result.history.loss[0]);
  });

  it('is refused for a model with one output per sequence', async () => {
    const error = await errorOf(
      fit(randomModel(spec, 1), data, { ...config, truncatedBptt: { steps: 2 } }, { engine }),
    );
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', path: '$.truncatedBptt' });
  });
});

describe('fit and the trainer it disposes', () => {
  it('reads the final weights before disposing, for engines that answer asynchronously', async () => {
    // The tfjs trainer queues getModel behind its engine; a trainer disposed before that read
    // would fail with DISPOSED. This one answers a tick later and refuses after dispose.
    const slowEngine = {
      id: 'reference' as const,
      async createTrainer(model: Parameters<typeof engine.createTrainer>[0], c: TrainingConfig) {
        const inner = await engine.createTrainer(model, c);
        let disposed = false;
        return {
          ...inner,
          computeGradients: inner.computeGradients.bind(inner),
          trainStep: inner.trainStep.bind(inner),
          evaluate: inner.evaluate.bind(inner),
          getOptimizerState: inner.getOptimizerState.bind(inner),
          setOptimizerState: inner.setOptimizerState.bind(inner),
          async getModel() {
            await new Promise((resolve) => setTimeout(resolve, 5));
            if (disposed) throw new RnnkitError('DISPOSED', 'trainer disposed before getModel');
            return inner.getModel();
          },
          async dispose() {
            disposed = true;
            await inner.dispose();
          },
        };
      },
    };
    const result = await fit(
      randomModel(spec, 3),
      data,
      { ...config, epochs: 1 },
      {
        engine: slowEngine,
      },
    );
    expect(result.stopReason).toBe('completed');
    expect(result.model.weights.size).toBeGreaterThan(0);
  });
});
