/**
 * Spec features that no training engine differentiates yet. Every engine refuses them at createTrainer with UNSUPPORTED_FEATURE, so a
 * model with one never trains as if the layer were the identity.
 */
import type { BackendId } from '../backend.js';
import { RnnkitError } from '../errors.js';
import type { ModelSpec } from '../spec/types.js';
import { findUntrainableKerasIdiom } from './keras-idiom-untrainable.js';

export interface UntrainableFeature {
  feature: string;
  reason: string;
}

export function findUntrainableFeature(spec: ModelSpec): UntrainableFeature | undefined {
  // Every layer and activation of the spec trains (selectStep, pooling and logSoftmax since
  // issue 12's glue work). Layer types and fields added later that no trainer differentiates
  // yet are listed here, so they are refused by name instead of trained as identities.
  const kerasIdiom = findUntrainableKerasIdiom(spec);
  if (kerasIdiom) return kerasIdiom;
  for (const [index, layer] of spec.layers.entries()) {
    if (layer.type === 'concatStates') {
      return {
        feature: `concatStates layer (layers[${index}] '${layer.name}')`,
        reason:
          'training has no backward pass through final states concatenated as an output yet (rnnkit-training v1)',
      };
    }
    if ('backward' in layer && layer.backward !== undefined) {
      return {
        feature: `backward activations (layers[${index}] '${layer.name}'.backward)`,
        reason:
          "the trainers' cells take one set of activations per layer, not one per direction (rnnkit-training v1)",
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
