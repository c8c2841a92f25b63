/** The loss with its defaults written out (contract: fromLogits false, probabilityClipping 'none'). */
import type { LossConfig, ProbabilityClipping, TrainingConfig } from './contract.js';

export interface ResolvedLoss {
  name: LossConfig['name'];
  fromLogits: boolean;
  probabilityClipping: ProbabilityClipping;
}

export function resolveLoss(loss: TrainingConfig['loss']): ResolvedLoss {
  const config: LossConfig = typeof loss === 'string' ? { name: loss } : loss;
  return {
    name: config.name,
    fromLogits: config.fromLogits ?? false,
    probabilityClipping: config.probabilityClipping ?? 'none',
  };
}

/** Keras's backend epsilon (keras.config.epsilon(), 1e-7), used by the 'keras' clipping. */
export const KERAS_EPSILON = 1e-7;

/** PyTorch's BCELoss clamps each log term at this value (aten Loss.cpp, binary_cross_entropy). */
export const PYTORCH_LOG_CLAMP = -100;
