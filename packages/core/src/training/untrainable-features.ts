/**
 * Spec features that no training engine differentiates yet (the glue layers of issue 13 arrived
 * after the trainers). Every engine refuses them at createTrainer with UNSUPPORTED_FEATURE, so a
 * model with one never trains as if the layer were the identity.
 */
import type { BackendId } from '../backend.js';
import { RnnkitError } from '../errors.js';
import type { ModelSpec } from '../spec/types.js';

export interface UntrainableFeature {
  feature: string;
  reason: string;
}

export function findUntrainableFeature(spec: ModelSpec): UntrainableFeature | undefined {
  for (const [index, layer] of spec.layers.entries()) {
    const at = `layers[${index}] '${layer.name}'`;
    if (layer.type === 'selectStep' || layer.type === 'pooling') {
      return {
        feature: `${layer.type} layer (${at})`,
        reason: 'training has no backward pass for this layer yet (rnnkit-training v1)',
      };
    }
    if (layer.type === 'concatStates') {
      return {
        feature: `concatStates layer (${at})`,
        reason:
          'training has no backward pass through final states concatenated as an output yet (rnnkit-training v1)',
      };
    }
    if (layer.type === 'dense' && layer.activation === 'logSoftmax') {
      return {
        feature: `logSoftmax activation (${at})`,
        reason:
          'training has no backward pass for logSoftmax yet; use softmax with a cross-entropy loss, or a linear Dense with fromLogits: true',
      };
    }
  }
  return undefined;
}

/** Throws UNSUPPORTED_FEATURE for the first feature `findUntrainableFeature` finds. */
export function assertTrainable(spec: ModelSpec, backend: BackendId): void {
  const found = findUntrainableFeature(spec);
  if (!found) return;
  throw new RnnkitError(
    'UNSUPPORTED_FEATURE',
    `${backend} cannot train ${found.feature}: ${found.reason}`,
    { backend, feature: found.feature },
  );
}
