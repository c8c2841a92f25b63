/** rnnkit spec JSON + the .safetensors beside it (core's loader does the checking). */
import { loadModelFromBytes } from '@rnnkit/core';
import { weightsPathFor } from '@rnnkit/core/node';
import type { ModelFile } from './model-file.js';
import { readBytes } from './read-bytes.js';
import { specSignature } from './signature.js';

export async function readSpecFile(path: string, bytes: Uint8Array): Promise<ModelFile> {
  const weightsPath = weightsPathFor(path);
  const weights = await readBytes(weightsPath, 'INVALID_WEIGHTS', 'the weights beside the spec, ');
  const model = loadModelFromBytes(new TextDecoder().decode(bytes), weights);
  return {
    path,
    format: 'rnnkit',
    detail: `weights ${weightsPath}`,
    model,
    signature: specSignature(model.spec),
    toModelInputs: (tensors) => tensors,
    fromRunResult: (result) => result.outputs,
  };
}
