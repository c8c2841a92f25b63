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
import { PREFIXES_METADATA_KEY, SPEC_METADATA_KEY } from './read-state-dict.js';

export interface WriteTorchOptions {
  /** Record the spec in the metadata (default true). */
  spec?: boolean;
  /**
   * Module name -> state dict prefix where the PyTorch attribute differs from the spec layer
   * name (`{ gru: '' }` for a bare nn.GRU's own state dict). Module names are layer names, or
   * `<p>` for layers `<p>_l0`, `<p>_l1`, ... written as one multi-layer module.
   */
  prefixes?: Record<string, string>;
}

export function writeTorchStateDict(model: Model, options: WriteTorchOptions = {}): Uint8Array {
  const { tensors } = modelToTorchTensors(model, options.prefixes);
  const entries = new Map<string, SafetensorsInput>();
  for (const [name, tensor] of tensors)
    entries.set(name, { dtype: 'F32', shape: tensor.shape, data: tensor.data });
  const metadata: Record<string, string> = { format: 'pt' };
  if (options.spec ?? true) metadata[SPEC_METADATA_KEY] = JSON.stringify(model.spec);
  if (options.prefixes !== undefined)
    metadata[PREFIXES_METADATA_KEY] = JSON.stringify(options.prefixes);
  return encodeSafetensors(entries, metadata);
}
