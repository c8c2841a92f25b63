/** The fit loop's public types (docs/training.md "The fit loop"). */
import type { NamedTensors, Tensor } from '../../tensor.js';
import type { Model } from '../../weights/canonical.js';
import type { OptimizerState, TrainingEngine, WeightValues } from '../types.js';

/** A whole data set: the model's inputs by name and `targets`, examples along axis 0
 * (axis 1 for `stateInputs` tensors, whose axis 0 is layers x directions). */
export interface TrainingData {
  inputs: NamedTensors;
  targets: Tensor;
}

export interface History {
  loss: number[];
  accuracy: number[];
  valLoss: number[];
  valAccuracy: number[];
}

export interface BatchEndInfo {
  epoch: number;
  /** Index of the batch within its epoch. */
  batch: number;
  batches: number;
  /** Examples in this batch (the last one may be smaller). */
  examples: number;
  loss: number;
  metrics: Record<string, number>;
}

export interface EpochEndInfo {
  epoch: number;
  loss: number;
  metrics: Record<string, number>;
  valLoss?: number;
  valMetrics?: Record<string, number>;
  history: History;
}

/** Everything needed to continue a run on exactly the same trajectory. */
export interface TrainingCheckpoint {
  format: 'rnnkit-training-checkpoint';
  /** The epoch in progress and the next batch to run in it (the shuffle order is recomputed
   * from the config's seed and the epoch, so this is the shuffle stream's position). */
  epoch: number;
  batch: number;
  model: Model;
  /** The engine's full-precision weights when it has them (the reference: float64). */
  weights?: WeightValues;
  optimizerState: OptimizerState;
  history: History;
  /** Sums for the epoch in progress (weighted by examples). */
  partial: { examples: number; loss: number; accuracy: number };
  earlyStopping?: { best: number; wait: number; bestModel?: Model };
}

export interface FitOptions {
  engine: TrainingEngine;
  onBatchEnd?: (info: BatchEndInfo) => void | Promise<void>;
  onEpochEnd?: (info: EpochEndInfo) => void | Promise<void>;
  /** Aborting stops after the batch in progress; fit then returns with stopReason 'aborted'. */
  signal?: AbortSignal;
  validationData?: TrainingData;
  /** Called with a checkpoint after every epoch ('epoch', default) or every batch. */
  checkpoint?: {
    every?: 'epoch' | 'batch';
    save: (checkpoint: TrainingCheckpoint) => void | Promise<void>;
  };
  /** Continue from a checkpoint that an earlier fit with the same model spec, data and config saved. */
  resumeFrom?: TrainingCheckpoint;
}

export interface FitResult {
  model: Model;
  history: History;
  stopReason: 'completed' | 'earlyStopping' | 'aborted';
  /** Epochs completed (including earlier ones when resumed). */
  epochs: number;
}
