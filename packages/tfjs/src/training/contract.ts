/**
 * The training contract (types owned by @rnnkit/core, written by the `train-core` branch).
 * TEMPORARY copy of the shared contract text so this branch compiles before that branch lands;
 * replaced by a re-export from '@rnnkit/core' at merge.
 */
import type { BackendId, Model, NamedTensors, Tensor } from '@rnnkit/core';

export type ProbabilityClipping = 'none' | 'pytorch' | 'keras';

export interface LossConfig {
  name:
    | 'binaryCrossentropy'
    | 'categoricalCrossentropy'
    | 'sparseCategoricalCrossentropy'
    | 'meanSquaredError';
  fromLogits?: boolean;
  probabilityClipping?: ProbabilityClipping;
}

export type EpsilonStyle = 'pytorch' | 'keras';

export interface SgdConfig {
  name: 'sgd';
  learningRate: number;
  momentum?: number;
  nesterov?: boolean;
}
export interface AdamConfig {
  name: 'adam';
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon: number;
  epsilonStyle: EpsilonStyle;
  amsgrad?: boolean;
}
export interface RmspropConfig {
  name: 'rmsprop';
  learningRate: number;
  rho: number;
  epsilon: number;
  momentum?: number;
  centered?: boolean;
  epsilonStyle: EpsilonStyle;
}
export type OptimizerConfig = SgdConfig | AdamConfig | RmspropConfig;

export interface TrainingConfig {
  format: 'rnnkit-training';
  formatVersion: 1;
  loss: LossConfig | LossConfig['name'];
  optimizer: OptimizerConfig;
  batchSize: number;
  epochs: number;
  shuffle?: boolean;
  seed?: number;
  clipNorm?: number;
  clipNormScope?: 'global' | 'perTensor';
  metrics?: 'accuracy'[];
  earlyStopping?: {
    monitor: 'loss' | 'valLoss' | 'accuracy' | 'valAccuracy';
    patience: number;
    minDelta?: number;
    restoreBestWeights?: boolean;
  };
  truncatedBptt?: { steps: number };
}

export interface TrainingBatch {
  inputs: NamedTensors;
  targets: Tensor;
}

export type Gradients = Map<string, Float64Array | Float32Array>;

export interface StepResult {
  loss: number;
  metrics: Record<string, number>;
}

export interface OptimizerState {
  name: OptimizerConfig['name'];
  step: number;
  slots: Record<string, Record<string, Tensor>>;
}

export interface Trainer {
  readonly backend: BackendId;
  computeGradients(batch: TrainingBatch): Promise<{ loss: number; gradients: Gradients }>;
  trainStep(batch: TrainingBatch): Promise<StepResult>;
  evaluate(batch: TrainingBatch): Promise<StepResult>;
  getModel(): Promise<Model>;
  getOptimizerState(): Promise<OptimizerState>;
  setOptimizerState(state: OptimizerState): Promise<void>;
  dispose(): Promise<void>;
}

export interface TrainingEngine {
  readonly id: BackendId;
  createTrainer(model: Model, config: TrainingConfig): Promise<Trainer>;
}
