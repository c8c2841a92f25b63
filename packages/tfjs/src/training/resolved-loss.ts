/** The loss with its defaults written out (core's resolveLoss), and the frameworks' constants. */
import type { LossConfig } from '@rnnkit/core';

export type ResolvedLoss = Required<LossConfig>;

/** Keras's backend epsilon (keras/src/backend/config.py epsilon(), 1e-7), for 'keras' clipping. */
export const KERAS_EPSILON = 1e-7;

/** PyTorch's BCELoss clamps each log term at this value (aten Loss.cpp, binary_cross_entropy). */
export const PYTORCH_LOG_CLAMP = -100;

/** PyTorch's BCELoss backward divides by max((1 - p)·p, this) (aten Loss.cpp). */
export const PYTORCH_BCE_BACKWARD_EPSILON = 1e-12;
