/**
 * Spec features that no training engine differentiates yet. Every engine refuses them at
 * createTrainer with UNSUPPORTED_FEATURE, so a model with one never trains as if the layer were
 * the identity.
 */
import type { BackendId } from '../backend.js';
import { RnnkitError } from '../errors.js';
import type { ModelSpec } from '../spec/types.js';

export interface UntrainableFeature {
  feature: string;
  reason: string;
}

export function findUntrainableFeature(_spec: ModelSpec): UntrainableFeature | undefined {
  // Every layer, field and activation of the spec trains: the glue layers (selectStep, pooling,
  // logSoftmax) and the issue 13 idioms (input maskValue, sequenceOrder 'processing', the
  // activation and concatStates layers) since issue 12's work, and a bidirectional layer's
  // `backward` activations (each direction's cell takes its own). Layer types and fields added
  // later that no trainer differentiates yet are listed here, so they are refused by name
  // instead of trained as identities.
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
