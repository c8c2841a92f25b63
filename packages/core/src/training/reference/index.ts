export { type Evaluated, evaluateBatchLoss } from './batch-loss.js';
export { clipGradients } from './clip-gradients.js';
export {
  computeLoss,
  KERAS_EPSILON,
  type LossInput,
  type LossResult,
  TORCH_BCE_EPSILON,
} from './losses.js';
export { backwardModel, forwardModel, type ModelTape } from './model-tape.js';
export { applyOptimizer, type OptimizerRun } from './optimizers.js';
export { ParameterStore } from './parameter-store.js';
export { createReferenceTrainer, createReferenceTrainingEngine } from './reference-trainer.js';
