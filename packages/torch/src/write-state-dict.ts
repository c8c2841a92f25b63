/**
 * rnnkit model -> safetensors bytes of a PyTorch state dict (F32, PyTorch's names), loadable with
 * `safetensors.torch.load_file` + `load_state_dict(strict=True)`.
 *
 * The header metadata holds `format: pt` (what safetensors' torch helpers write) and, unless
 * `spec: false`, the spec as JSON under `rnnkit.spec`, so reading the file back gives the same
 * spec without a description. PyTorch ignores metadata.
 */
import { encodeSafetensors, type Model, type SafetensorsInput } from '@rnnkit/core';
import { modelToTorchTensors } from './model-to-torch.js';
import { SPEC_METADATA_KEY } from './read-state-dict.js';

export interface WriteTorchOptions {
  /** Record the spec in the metadata (default true). */
  spec?: boolean;
}

export function writeTorchStateDict(model: Model, options: WriteTorchOptions = {}): Uint8Array {
  const { tensors } = modelToTorchTensors(model);
  const entries = new Map<string, SafetensorsInput>();
  for (const [name, tensor] of tensors)
    entries.set(name, { dtype: 'F32', shape: tensor.shape, data: tensor.data });
  const metadata: Record<string, string> = { format: 'pt' };
  if (options.spec ?? true) metadata[SPEC_METADATA_KEY] = JSON.stringify(model.spec);
  return encodeSafetensors(entries, metadata);
}
