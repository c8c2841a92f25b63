import { RnnkitError } from '@rnnkit/core';

/** Every refusal of the .pt reader: MODEL_FORMAT, naming the file part that is wrong. */
export function ptError(message: string, path?: string): RnnkitError {
  return new RnnkitError('MODEL_FORMAT', `PyTorch checkpoint: ${message}`, { path });
}
