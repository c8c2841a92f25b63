import type { NamedTensors } from '@rnnkit/core';
import type { ModelFile } from './model-file.js';

/** The tensor-JSON rule for one-input models: a single entry under any name is that input. */
export function renameSingleInput(file: ModelFile, tensors: NamedTensors): NamedTensors {
  const entries = Object.entries(tensors);
  const inputs = file.signature.inputs;
  if (entries.length === 1 && inputs.length === 1 && entries[0][0] !== inputs[0].name) {
    return { [inputs[0].name]: entries[0][1] };
  }
  return tensors;
}
