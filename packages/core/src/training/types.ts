/**
 * The training contract (issue 12), shared by the reference trainer in core, the tfjs trainer and
 * the CLI. Field names are fixed: add fields, never rename. Where PyTorch and Keras compute
 * differently the choice is an explicit field; the formulas and their sources are in
 * docs/training.md.
 */
import type { BackendId, RecurrentState } from '../backend.js';
import type { NamedTensors, Tensor } from '../tensor.js';
import type { Model } from '../weights/canonical.js';

/** How probabilities are bounded before a log, when fromLogits is false (the frameworks differ). */
export type ProbabilityClipping = 'none' | 'pytorch' | 'keras';

export interface LossConfig {
  name:
    | 'binaryCrossentropy'
    | 'categoricalCrossentropy'
    | 'sparseCategoricalCrossentropy'
    | 'meanSquaredError';
  /** Default false: the model's output is a probability (after sigmoid/softmax). */
  fromLogits?: boolean;
  /** Default 'none' = the exact definition (computed stably; differs from both frameworks only
   * where a probability is within float rounding of 0 or 1); 'pytorch' = BCELoss's log clamp at
   * -100; 'keras' = clip to [epsilon, 1 - epsilon] with Keras's epsilon 1e-7. Sources in docs. */
  probabilityClipping?: ProbabilityClipping;
}

export type EpsilonStyle = 'pytorch' | 'keras';

export interface SgdConfig {
  name: 'sgd';
  learningRate: number;
  /** Default 0. */
  momentum?: number;
  /** Default false. */
  nesterov?: boolean;
}

export interface AdamConfig {
  name: 'adam';
  learningRate: number;
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  epsilon: number;
  /** Required: 'pytorch' adds epsilon to sqrt(v̂); 'keras' to sqrt(v) with a bias-corrected rate. */
  epsilonStyle: EpsilonStyle;
  /** Default false. */
  amsgrad?: boolean;
}

export interface RmspropConfig {
  name: 'rmsprop';
  learningRate: number;
  rho: number;
  epsilon: number;
  /** Default 0. */
  momentum?: number;
  /** Default false. */
  centered?: boolean;
  /** Required: 'pytorch' adds epsilon outside the square root; 'keras' (Keras 3) inside. */
  epsilonStyle: EpsilonStyle;
}

export type OptimizerConfig = SgdConfig | AdamConfig | RmspropConfig;

export type HistoryKey = 'loss' | 'valLoss' | 'accuracy' | 'valAccuracy';

export interface EarlyStoppingConfig {
  monitor: HistoryKey;
  patience: number;
  /** Default 0. */
  minDelta?: number;
  /** Default false. */
  restoreBestWeights?: boolean;
}

export interface TrainingConfig {
  format: 'rnnkit-training';
  formatVersion: 1;
  /** A string is shorthand for { name } with the defaults. */
  loss: LossConfig | LossConfig['name'];
  optimizer: OptimizerConfig;
  batchSize: number;
  epochs: number;
  /** Default false; with true, `seed` orders the examples (xoshiro stream, like initializers). */
  shuffle?: boolean;
  seed?: number;
  /** Rescale all gradients when their norm exceeds this. */
  clipNorm?: number;
  /** Default 'global' (one norm over all gradients, torch.nn.utils.clip_grad_norm_);
   * 'perTensor' is Keras's `clipnorm` (each tensor by its own norm; Keras's `global_clipnorm` is 'global'). */
  clipNormScope?: 'global' | 'perTensor';
  /** Default []: 'accuracy' (binary: threshold 0.5 on probabilities / 0 on logits; categorical: argmax). */
  metrics?: 'accuracy'[];
  /** Optional: early stopping on a monitored history value. */
  earlyStopping?: EarlyStoppingConfig;
  /** Optional: truncated BPTT for sequence-to-sequence models on long inputs (state carried
   * between windows of this many steps, gradients cut at window borders). */
  truncatedBptt?: { steps: number };
  /** Dropout layers (rate > 0) in training: 'apply' drops units (inverted dropout, kept units
   * scaled by 1/(1-rate), masks drawn from `seed`), 'ignore' trains them as the identity. No
   * default: required when the model has such a layer (docs/training.md). Inference never drops. */
  dropout?: 'apply' | 'ignore';
}

/** One batch: the model's inputs by name plus `targets`. */
export interface TrainingBatch {
  inputs: NamedTensors;
  targets: Tensor;
  /** Optional initial recurrent state per layer (as `run(…, { state })`), for truncated BPTT:
   * the fit loop passes the previous window's final state; gradients do not flow into it. */
  state?: RecurrentState;
}

/** The weights' gradients (float64 in the reference), by canonical weight name. */
export type Gradients = Map<string, Float64Array | Float32Array>;

/** Weight values at an engine's own precision (float64 in the reference), by canonical name. */
export type WeightValues = Map<string, Float64Array | Float32Array>;

export interface StepResult {
  loss: number;
  metrics: Record<string, number>;
  /** The final recurrent state of every layer; engines return it when `batch.state` was given. */
  state?: RecurrentState;
}

/** Serialisable optimizer state: step count and per-weight slots (m, v, momentum buffer...). */
export interface OptimizerState {
  name: OptimizerConfig['name'];
  step: number;
  slots: Record<string, Record<string, Tensor>>;
}

/** What an engine that trains implements (the reference in core; tfjs in @rnnkit/tfjs). */
export interface Trainer {
  readonly backend: BackendId;
  /** Loss and gradients of one batch, without updating (for checks against the reference). */
  computeGradients(batch: TrainingBatch): Promise<{ loss: number; gradients: Gradients }>;
  /** One optimizer step on one batch; returns the batch's loss (before the update) and metrics.
   * A step whose loss or gradients are not finite must leave the weights and optimizer state
   * untouched (and return the non-finite loss), so the fit loop can keep the last good weights. */
  trainStep(batch: TrainingBatch): Promise<StepResult>;
  evaluate(batch: TrainingBatch): Promise<StepResult>;
  /** Current weights as a float32 Model (same spec). */
  getModel(): Promise<Model>;
  getOptimizerState(): Promise<OptimizerState>;
  setOptimizerState(state: OptimizerState): Promise<void>;
  /** Optional: weights at the engine's full precision, so checkpoints resume exactly (the
   * reference keeps float64 weights; a float32 engine may omit these, getModel is exact for it). */
  getWeights?(): Promise<WeightValues>;
  setWeights?(weights: WeightValues): Promise<void>;
  dispose(): Promise<void>;
}

export interface TrainingEngine {
  readonly id: BackendId;
  createTrainer(model: Model, config: TrainingConfig): Promise<Trainer>;
}
