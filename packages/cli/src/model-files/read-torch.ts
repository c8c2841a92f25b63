/**
 * PyTorch state dicts saved as safetensors, through @rnnkit/torch: the spec comes from the file's
 * `rnnkit.spec` metadata (what `rnnkit convert --to safetensors` writes) or is inferred from the
 * tensor names and shapes, refused with the open questions when ambiguous.
 */
import type { ModelFile } from './model-file.js';
import type { ModelSource } from './model-source.js';
import { specSignature } from './signature.js';

export async function readTorchFile(source: ModelSource): Promise<ModelFile> {
  const { readTorchStateDict } = await import('@rnnkit/torch');
  const model = readTorchStateDict(source.bytes);
  return {
    path: source.name,
    format: 'torch',
    model,
    signature: specSignature(model.spec),
    toModelInputs: (tensors) => tensors,
    fromRunResult: (result) => result.outputs,
  };
}
