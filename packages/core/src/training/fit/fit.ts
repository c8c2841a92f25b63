/**
 * The engine-independent fit loop: drives any TrainingEngine (the float64 reference, tfjs, …)
 * through epochs of seeded batches, with validation, early stopping, checkpoints that resume the
 * exact same trajectory, truncated BPTT, abort, and a clear error when the loss diverges.
 */
import { RnnkitError } from '../../errors.js';
import { layerShapes } from '../../spec/resolve.js';
import { validateModel } from '../../validate/index.js';
import type { Model } from '../../weights/canonical.js';
import type { StepResult, Trainer, TrainingConfig } from '../types.js';
import { resolveLoss, validateTrainingConfig } from '../validate-config.js';
import { batchIndices, epochOrder, sliceInputs, takeAlong } from './batching.js';
import { checkTrainingData } from './check-data.js';
import {
  type EarlyStoppingState,
  initialEarlyStopping,
  updateEarlyStopping,
} from './early-stopping.js';
import type {
  FitOptions,
  FitResult,
  History,
  TrainingCheckpoint,
  TrainingData,
} from './fit-types.js';
import { runBatch } from './run-batch.js';

/** What a TRAINING_DIVERGED error carries besides its message. */
export interface TrainingDivergedDetails {
  /** 0-based epoch and step (batch index within the epoch) whose loss was not finite. */
  epoch: number;
  step: number;
  /** The weights from before that step: the last good ones. */
  model: Model;
  history: History;
}

export function isTrainingDiverged(error: unknown): error is RnnkitError & TrainingDivergedDetails {
  return RnnkitError.isInstance(error) && error.code === 'TRAINING_DIVERGED';
}

interface Totals {
  examples: number;
  loss: number;
  accuracy: number;
}

const zeroTotals = (): Totals => ({ examples: 0, loss: 0, accuracy: 0 });

function addTotals(totals: Totals, result: StepResult, examples: number): void {
  totals.examples += examples;
  totals.loss += result.loss * examples;
  totals.accuracy += (result.metrics.accuracy ?? 0) * examples;
}

function checkOptions(model: Model, config: TrainingConfig, options: FitOptions): void {
  if (!options || typeof options.engine?.createTrainer !== 'function') {
    throw new RnnkitError('INVALID_INPUT', 'fit needs options.engine, a TrainingEngine', {
      path: 'engine',
    });
  }
  const monitor = config.earlyStopping?.monitor;
  if ((monitor === 'valLoss' || monitor === 'valAccuracy') && !options.validationData) {
    throw new RnnkitError(
      'INVALID_CONFIG',
      `$.earlyStopping.monitor: monitors ${monitor} but fit was given no validationData`,
      { path: '$.earlyStopping.monitor' },
    );
  }
  if (config.truncatedBptt) {
    const shapes = layerShapes(model.spec);
    const reason = !shapes[shapes.length - 1].sequence
      ? 'the model outputs one vector per sequence; truncated BPTT needs an output per step'
      : model.spec.sequenceLengths
        ? 'the model takes sequenceLengths; windows would cut them (use maskZero padding instead)'
        : model.spec.stateInputs?.length
          ? 'the model has stateInputs; the carried state would conflict with them'
          : undefined;
    if (reason) {
      throw new RnnkitError('INVALID_CONFIG', `$.truncatedBptt: ${reason}`, {
        path: '$.truncatedBptt',
      });
    }
  }
}

export async function fit(
  model: Model,
  data: TrainingData,
  config: TrainingConfig,
  options: FitOptions,
): Promise<FitResult> {
  validateTrainingConfig(config);
  validateModel(model);
  checkOptions(model, config, options);
  const { spec } = model;
  const loss = resolveLoss(config.loss);
  const examples = checkTrainingData(spec, data, loss, 'data');
  const validation = options.validationData;
  if (validation) checkTrainingData(spec, validation, loss, 'validationData');
  const wantsAccuracy = (config.metrics ?? []).includes('accuracy');
  const resume = options.resumeFrom;
  if (resume && resume.format !== 'rnnkit-training-checkpoint') {
    throw new RnnkitError('INVALID_STATE', 'resumeFrom is not an rnnkit training checkpoint', {
      path: 'resumeFrom',
    });
  }

  const trainer = await options.engine.createTrainer(resume?.model ?? model, config);
  try {
    if (resume) {
      if (resume.weights && trainer.setWeights) await trainer.setWeights(resume.weights);
      await trainer.setOptimizerState(resume.optimizerState);
    }
    const history: History = resume
      ? structuredClone(resume.history)
      : { loss: [], accuracy: [], valLoss: [], valAccuracy: [] };
    const early: EarlyStoppingState | undefined = config.earlyStopping
      ? resume?.earlyStopping
        ? { best: resume.earlyStopping.best, wait: resume.earlyStopping.wait }
        : initialEarlyStopping(config.earlyStopping)
      : undefined;
    let bestModel: Model | undefined = resume?.earlyStopping?.bestModel;

    const checkpoint = async (
      epoch: number,
      batch: number,
      totals: Totals,
    ): Promise<TrainingCheckpoint> => ({
      format: 'rnnkit-training-checkpoint',
      epoch,
      batch,
      model: await trainer.getModel(),
      weights: trainer.getWeights ? await trainer.getWeights() : undefined,
      optimizerState: await trainer.getOptimizerState(),
      history: structuredClone(history),
      partial: { ...totals },
      earlyStopping: early ? { best: early.best, wait: early.wait, bestModel } : undefined,
    });
    const finish = async (
      stopReason: FitResult['stopReason'],
      result?: Model,
    ): Promise<FitResult> => ({
      model: result ?? (await trainer.getModel()),
      history,
      stopReason,
      epochs: history.loss.length,
    });

    for (let epoch = resume?.epoch ?? 0; epoch < config.epochs; epoch++) {
      const resuming = resume !== undefined && epoch === resume.epoch;
      const batches = batchIndices(
        epochOrder(examples, config.shuffle ?? false, config.seed ?? 0, epoch),
        config.batchSize,
      );
      const totals = resuming ? { ...resume.partial } : zeroTotals();
      for (let b = resuming ? resume.batch : 0; b < batches.length; b++) {
        if (options.signal?.aborted) return await finish('aborted');
        const indices = batches[b];
        const batch = {
          inputs: sliceInputs(spec, data.inputs, indices),
          targets: takeAlong(data.targets, indices, 0),
        };
        const result = await runBatch(trainer, batch, config, true);
        if (!Number.isFinite(result.loss)) {
          const error = new RnnkitError(
            'TRAINING_DIVERGED',
            `training diverged: the loss became ${result.loss} at epoch ${epoch} step ${b} (0-based; batch ${b + 1} of ${batches.length}); the weights from before that step are kept (error.model)`,
            { path: `epoch ${epoch} step ${b}` },
          );
          const details: TrainingDivergedDetails = {
            epoch,
            step: b,
            model: await trainer.getModel(),
            history,
          };
          throw Object.assign(error, details);
        }
        addTotals(totals, result, indices.length);
        await options.onBatchEnd?.({
          epoch,
          batch: b,
          batches: batches.length,
          examples: indices.length,
          loss: result.loss,
          metrics: result.metrics,
        });
        if (options.checkpoint?.every === 'batch')
          await options.checkpoint.save(await checkpoint(epoch, b + 1, totals));
      }

      const epochLoss = totals.loss / totals.examples;
      history.loss.push(epochLoss);
      const metrics: Record<string, number> = {};
      if (wantsAccuracy) {
        metrics.accuracy = totals.accuracy / totals.examples;
        history.accuracy.push(metrics.accuracy);
      }
      let valLoss: number | undefined;
      let valMetrics: Record<string, number> | undefined;
      if (validation) {
        const v = await evaluateData(trainer, spec, validation, config);
        valLoss = v.loss;
        history.valLoss.push(v.loss);
        valMetrics = {};
        if (wantsAccuracy) {
          valMetrics.accuracy = v.accuracy;
          history.valAccuracy.push(v.accuracy);
        }
      }
      await options.onEpochEnd?.({ epoch, loss: epochLoss, metrics, valLoss, valMetrics, history });

      if (config.earlyStopping && early) {
        const monitored = history[config.earlyStopping.monitor];
        const { improved, stop } = updateEarlyStopping(
          config.earlyStopping,
          early,
          monitored[monitored.length - 1],
        );
        if (improved && config.earlyStopping.restoreBestWeights)
          bestModel = await trainer.getModel();
        if (stop) {
          return await finish(
            'earlyStopping',
            config.earlyStopping.restoreBestWeights ? bestModel : undefined,
          );
        }
      }
      if (options.checkpoint && options.checkpoint.every !== 'batch') {
        await options.checkpoint.save(await checkpoint(epoch + 1, 0, zeroTotals()));
      }
    }
    return await finish('completed');
  } finally {
    await trainer.dispose();
  }
}

/** Loss and accuracy over a whole data set, in batches of batchSize, weighted by examples. */
async function evaluateData(
  trainer: Trainer,
  spec: Model['spec'],
  data: TrainingData,
  config: TrainingConfig,
): Promise<{ loss: number; accuracy: number }> {
  const examples = data.targets.shape[0];
  const totals = zeroTotals();
  for (const indices of batchIndices(epochOrder(examples, false, 0, 0), config.batchSize)) {
    const batch = {
      inputs: sliceInputs(spec, data.inputs, indices),
      targets: takeAlong(data.targets, indices, 0),
    };
    addTotals(totals, await runBatch(trainer, batch, config, false), indices.length);
  }
  return { loss: totals.loss / totals.examples, accuracy: totals.accuracy / totals.examples };
}
