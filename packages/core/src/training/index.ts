export { checkFiniteFeatures, checkTargets, TARGETS_NAME } from './check-targets.js';
export { type DropoutContext, dropoutContext, dropoutMask } from './dropout-masks.js';
export * from './fit/index.js';
export { checkConfigForModel, outputIsLogProbabilities } from './model-config-checks.js';
export * from './reference/index.js';
export * from './types.js';
export {
  assertTrainable,
  findUntrainableFeature,
  type UntrainableFeature,
} from './untrainable-features.js';
export {
  LOSS_NAMES,
  parseTrainingConfig,
  resolveLoss,
  TRAINING_FORMAT,
  TRAINING_FORMAT_VERSION,
  validateTrainingConfig,
} from './validate-config.js';
