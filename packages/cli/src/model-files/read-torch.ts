/**
 * PyTorch state dicts, saved as safetensors or with torch.save (.pt / .pth, zip or legacy
 * format), through @rnnkit/torch. The structure comes from, in order: an rnnkit spec saved beside
 * the file as `<name>.json` (the mechanism rnnkit spec files use for their weights), a module
 * description `<name>.modules.json`, the file's `rnnkit.spec` metadata (what `rnnkit convert --to
 * safetensors` writes), or inference from the tensor names and shapes, refused with the open
 * questions when ambiguous.
 */
import { parseSpec, RnnkitError } from '@rnnkit/core';
import { baseName } from './file-names.js';
import type { ModelFile } from './model-file.js';
import type { ModelSource } from './model-source.js';
import { specSignature } from './signature.js';

/** The companion named `<stem><suffix>` beside the state dict (relative to it). */
function besideName(path: string, suffix: string): string {
  return `${baseName(path).replace(/\.(pt|pth|bin|ckpt|safetensors)$/i, '')}${suffix}`;
}

export async function readTorchFile(source: ModelSource): Promise<ModelFile> {
  const { name: path, bytes } = source;
  const { readTorchStateDict } = await import('@rnnkit/torch');
  const specName = besideName(path, '.json');
  const modulesName = besideName(path, '.modules.json');
  let options: Parameters<typeof readTorchStateDict>[1] = {};
  if (specName !== baseName(path) && (await source.hasCompanion(specName))) {
    const text = new TextDecoder().decode(
      await source.companion(specName, 'MODEL_FORMAT', 'the spec beside '),
    );
    options = { spec: parseSpec(text) };
  } else if (await source.hasCompanion(modulesName)) {
    const text = new TextDecoder().decode(
      await source.companion(modulesName, 'MODEL_FORMAT', 'the module description beside '),
    );
    let modules: unknown;
    try {
      modules = JSON.parse(text);
    } catch (cause) {
      throw new RnnkitError('MODEL_FORMAT', `${modulesName} is not valid JSON`, {
        path: modulesName,
        cause,
      });
    }
    options = { modules: modules as never };
  }
  let model: ReturnType<typeof readTorchStateDict>;
  try {
    model = readTorchStateDict(bytes, options);
  } catch (error) {
    if (RnnkitError.isInstance(error) && /does not determine the model/.test(error.message)) {
      throw new RnnkitError(
        error.code,
        `${error.message}\nFor the command line: save an rnnkit spec as ${specName} or the module description as ${modulesName} beside ${baseName(path)}.`,
        { path: error.path, cause: error },
      );
    }
    throw error;
  }
  return {
    path,
    format: 'torch',
    model,
    signature: specSignature(model.spec),
    toModelInputs: (tensors) => tensors,
    fromRunResult: (result) => result.outputs,
  };
}
