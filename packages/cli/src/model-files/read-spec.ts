/** rnnkit spec JSON + the .safetensors beside it (core's loader does the checking). */
import { loadModelFromBytes } from '@rnnkit/core';
import { baseName, stripExtension } from './file-names.js';
import type { ModelFile } from './model-file.js';
import type { ModelSource } from './model-source.js';
import { specSignature } from './signature.js';

/** core's weightsPathFor, relative: 'model.json' -> 'model.safetensors'. */
export function weightsNameFor(specName: string): string {
  const base = baseName(specName);
  return `${base.toLowerCase().endsWith('.json') ? stripExtension(base) : base}.safetensors`;
}

export async function readSpecFile(source: ModelSource): Promise<ModelFile> {
  const weightsName = weightsNameFor(source.name);
  const weights = await source.companion(
    weightsName,
    'INVALID_WEIGHTS',
    'the weights beside the spec, ',
  );
  const model = loadModelFromBytes(new TextDecoder().decode(source.bytes), weights);
  return {
    path: source.name,
    format: 'rnnkit',
    detail: `weights ${weightsName}`,
    model,
    signature: specSignature(model.spec),
    toModelInputs: (tensors) => tensors,
    fromRunResult: (result) => result.outputs,
  };
}
