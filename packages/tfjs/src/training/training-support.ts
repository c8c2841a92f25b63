/**
 * What the tfjs training engine refuses, beyond what the inference backend refuses. Each one is
 * something it would otherwise train differently from the reference (and PyTorch/Keras).
 */
import { findUntrainableFeature as findUntrainableSpecFeature, type ModelSpec } from '@rnnkit/core';
import type { Refusal } from '../support.js';

export function findUntrainableFeature(spec: ModelSpec): Refusal | undefined {
  // Dropout trains since issue 12's glue work (the config's `dropout` field, core's checks).
  return findUntrainableSpecFeature(spec);
}
