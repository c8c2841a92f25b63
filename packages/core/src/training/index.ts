export * from './types.js';
export {
  LOSS_NAMES,
  parseTrainingConfig,
  resolveLoss,
  TRAINING_FORMAT,
  TRAINING_FORMAT_VERSION,
  validateTrainingConfig,
} from './validate-config.js';
