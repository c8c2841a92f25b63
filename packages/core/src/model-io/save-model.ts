/**
 * A model on disk is two files: the spec as JSON text and its weights as safetensors, one F32
 * tensor per canonical name (see weights/canonical.ts). Both are plain standard formats, so a
 * model can be inspected with `jq` and `safetensors` tools, and written by any language.
 */

import type { SafetensorsTensor } from '../safetensors/dtypes.js';
import { encodeSafetensors } from '../safetensors/encode.js';
import { validateModel } from '../validate/index.js';
import { expectedWeights, type Model } from '../weights/canonical.js';

export interface SavedModel {
  /** The spec as JSON text (two-space indented, trailing newline). */
  spec: string;
  /** The weights as a safetensors file. */
  weights: Uint8Array;
}

/** Written into the safetensors `__metadata__`; informational only, never required on load. */
export const WEIGHTS_METADATA: Readonly<Record<string, string>> = {
  producer: 'rnnkit',
  formatVersion: '1',
};

/** Validates the model, then serialises it. Throws INVALID_SPEC / INVALID_WEIGHTS like `validateModel`. */
export function saveModel(model: Model): SavedModel {
  validateModel(model);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const { name, shape } of expectedWeights(model.spec)) {
    const tensor = model.weights.get(name);
    // validateModel guarantees presence, shape and Float32Array data.
    if (tensor) tensors.set(name, { dtype: 'F32', shape: [...shape], data: tensor.data });
  }
  return {
    spec: `${JSON.stringify(model.spec, null, 2)}\n`,
    weights: encodeSafetensors(tensors, { ...WEIGHTS_METADATA }),
  };
}
