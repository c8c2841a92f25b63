/**
 * The CLI's epoch loop over any TrainingEngine: batches in order (or shuffled by the config's
 * seed on core's xoshiro stream), validation after each epoch, callbacks for progress, early
 * stopping, and a stop with TRAINING_DIVERGED naming epoch and step when a loss stops being
 * finite (trainers skip the update of such a step, so the model returned with the error is the
 * last good one). It has the shape of core's planned `fit(model, data, config, options)`
 * (training contract), so the command switches to core's loop by changing one import.
 */
import {
  type HistoryKey,
  type Model,
  type NamedTensors,
  type OptimizerState,
  Random,
  RnnkitError,
  type Tensor,
  type Trainer,
  type TrainingConfig,
  type TrainingEngine,
} from '@rnnkit/core';
import type { TrainingData } from './training-data.js';

export type History = Partial<Record<HistoryKey, number[]>>;

export interface BatchEnd {
  epoch: number;
  /** 1-based step within the epoch. */
  step: number;
  steps: number;
  loss: number;
  metrics: Record<string, number>;
}

export interface EpochEnd {
  epoch: number;
  epochs: number;
  logs: Partial<Record<HistoryKey, number>>;
}

export interface TrainLoopOptions {
  engine: TrainingEngine;
  validationData?: TrainingData;
  onBatchEnd?: (event: BatchEnd) => void;
  onEpochEnd?: (event: EpochEnd) => void;
  signal?: AbortSignal;
  /** Continue from this optimizer state (e.g. a Keras 3 file's Adam variables). */
  optimizerState?: OptimizerState;
}

export interface TrainLoopResult {
  model: Model;
  history: History;
  /** Epochs run (early stopping may end before config.epochs). */
  epochsRun: number;
}

/** A TRAINING_DIVERGED error carries the last good model so nothing is lost. */
export interface DivergedError extends RnnkitError {
  lastGoodModel?: Model;
  history?: History;
}

/** Rows `indices` of a tensor along `axis` (0 for data, 1 for [directions, batch, units] states). */
function takeRows(tensor: Tensor, indices: readonly number[], axis: 0 | 1): Tensor {
  const shape = [...tensor.shape];
  const outer = axis === 0 ? 1 : shape[0];
  const rows = shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  shape[axis] = indices.length;
  const TypedArray = tensor.data.constructor as new (length: number) => Tensor['data'];
  const data = new TypedArray(outer * indices.length * inner);
  for (let o = 0; o < outer; o++) {
    indices.forEach((row, r) => {
      const from = (o * rows + row) * inner;
      (data as Float32Array).set(
        (tensor.data as Float32Array).subarray(from, from + inner),
        (o * indices.length + r) * inner,
      );
    });
  }
  return { dtype: tensor.dtype, shape, data } as Tensor;
}

function batchOf(
  data: TrainingData,
  indices: readonly number[],
  stateNames: ReadonlySet<string>,
): { inputs: NamedTensors; targets: Tensor } {
  const inputs: NamedTensors = {};
  for (const [name, tensor] of Object.entries(data.inputs))
    inputs[name] = takeRows(tensor, indices, stateNames.has(name) ? 1 : 0);
  return { inputs, targets: takeRows(data.targets, indices, 0) };
}

function allFinite(model: Model): boolean {
  for (const { data } of model.weights.values())
    for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return false;
  return true;
}

function order(count: number, random: Random | undefined): number[] {
  const indices = Array.from({ length: count }, (_, i) => i);
  if (!random) return indices;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [indices[i], indices[j]] = [indices[j], indices[i]];
  }
  return indices;
}

async function evaluateAll(
  trainer: Trainer,
  data: TrainingData,
  batchSize: number,
  stateNames: ReadonlySet<string>,
): Promise<{ loss: number; accuracy?: number }> {
  const count = data.targets.shape[0];
  let loss = 0;
  let accuracy = 0;
  let hasAccuracy = false;
  for (let start = 0; start < count; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, count - start) }, (_, i) => start + i);
    const result = await trainer.evaluate(batchOf(data, indices, stateNames));
    loss += result.loss * indices.length;
    if (result.metrics.accuracy !== undefined) {
      hasAccuracy = true;
      accuracy += result.metrics.accuracy * indices.length;
    }
  }
  return { loss: loss / count, accuracy: hasAccuracy ? accuracy / count : undefined };
}

export async function trainLoop(
  model: Model,
  data: TrainingData,
  config: TrainingConfig,
  options: TrainLoopOptions,
): Promise<TrainLoopResult> {
  const trainer = await options.engine.createTrainer(model, config);
  if (options.optimizerState) await trainer.setOptimizerState(options.optimizerState);
  const stateNames = new Set((model.spec.stateInputs ?? []).map((state) => state.name));
  const count = data.targets.shape[0];
  const steps = Math.ceil(count / config.batchSize);
  const random = config.shuffle ? new Random(config.seed ?? 0) : undefined;
  const history: History = {};
  const push = (key: HistoryKey, value: number | undefined) => {
    if (value === undefined) return;
    history[key] ??= [];
    history[key]?.push(value);
  };
  const stopping = config.earlyStopping;
  let best = Number.POSITIVE_INFINITY;
  let bestModel: Model | undefined;
  let waited = 0;
  let epochsRun = 0;
  let lastGood: Model = model;
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      if (options.signal?.aborted) break;
      const indices = order(count, random);
      let lossSum = 0;
      let accuracySum = 0;
      let hasAccuracy = false;
      for (let step = 1; step <= steps; step++) {
        const rows = indices.slice((step - 1) * config.batchSize, step * config.batchSize);
        const result = await trainer.trainStep(batchOf(data, rows, stateNames));
        // Trainers skip the update of a step whose loss or gradients are not finite; an update
        // can still overflow the float32 weights, so those are checked after every step too.
        const current = Number.isFinite(result.loss) ? await trainer.getModel() : undefined;
        const problem = !Number.isFinite(result.loss)
          ? `the loss became ${result.loss}`
          : current && !allFinite(current)
            ? 'the weights overflowed (not finite in float32)'
            : undefined;
        if (problem) {
          const error = new RnnkitError(
            'TRAINING_DIVERGED',
            `${problem} at epoch ${epoch}, step ${step} of ${steps}; the last good weights are kept (try a smaller learning rate or clipNorm)`,
            { path: `epoch ${epoch}, step ${step}` },
          ) as DivergedError;
          error.lastGoodModel =
            current && !allFinite(current) ? lastGood : await trainer.getModel();
          error.history = history;
          throw error;
        }
        lastGood = current ?? lastGood;
        lossSum += result.loss * rows.length;
        if (result.metrics.accuracy !== undefined) {
          hasAccuracy = true;
          accuracySum += result.metrics.accuracy * rows.length;
        }
        options.onBatchEnd?.({ epoch, step, steps, loss: result.loss, metrics: result.metrics });
      }
      const logs: Partial<Record<HistoryKey, number>> = { loss: lossSum / count };
      if (hasAccuracy) logs.accuracy = accuracySum / count;
      if (options.validationData) {
        const validation = await evaluateAll(
          trainer,
          options.validationData,
          config.batchSize,
          stateNames,
        );
        logs.valLoss = validation.loss;
        if (validation.accuracy !== undefined) logs.valAccuracy = validation.accuracy;
      }
      for (const [key, value] of Object.entries(logs)) push(key as HistoryKey, value);
      epochsRun = epoch;
      options.onEpochEnd?.({ epoch, epochs: config.epochs, logs });
      if (stopping) {
        const value = logs[stopping.monitor];
        if (value === undefined) {
          throw new RnnkitError(
            'INVALID_CONFIG',
            `earlyStopping monitors '${stopping.monitor}', which this run does not compute (give --validation for valLoss/valAccuracy, metrics ['accuracy'] for accuracy)`,
            { path: '$.earlyStopping.monitor' },
          );
        }
        // Loss-like values improve downwards, accuracies upwards.
        const score = stopping.monitor.toLowerCase().includes('accuracy') ? -value : value;
        if (score < best - (stopping.minDelta ?? 0)) {
          best = score;
          waited = 0;
          if (stopping.restoreBestWeights) bestModel = await trainer.getModel();
        } else if (++waited >= stopping.patience) {
          break;
        }
      }
    }
    const trained = bestModel ?? (await trainer.getModel());
    return { model: trained, history, epochsRun };
  } finally {
    await trainer.dispose();
  }
}
