/**
 * PyTorch state dicts, saved as safetensors or with torch.save (.pt / .pth, zip or legacy
 * format), through @rnnkit/torch. The structure comes from, in order: an rnnkit spec saved beside
 * the file as `<name>.json` (the mechanism rnnkit spec files use for their weights), a module
 * description `<name>.modules.json`, the file's `rnnkit.spec` metadata (what `rnnkit convert --to
 * safetensors` writes), or inference from the tensor names and shapes, refused with the open
 * questions when ambiguous.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseSpec, RnnkitError } from '@rnnkit/core';
import type { ModelFile } from './model-file.js';
import { specSignature } from './signature.js';

function beside(path: string, suffix: string): string {
  const name = basename(path).replace(/\.(pt|pth|bin|ckpt|safetensors)$/i, '');
  return join(dirname(path), `${name}${suffix}`);
}

export async function readTorchFile(path: string, bytes: Uint8Array): Promise<ModelFile> {
  const { readTorchStateDict } = await import('@rnnkit/torch');
  const specPath = beside(path, '.json');
  const modulesPath = beside(path, '.modules.json');
  let options: Parameters<typeof readTorchStateDict>[1] = {};
  if (specPath !== path && existsSync(specPath)) {
    options = { spec: parseSpec(await readFile(specPath, 'utf8')) };
  } else if (existsSync(modulesPath)) {
    let modules: unknown;
    try {
      modules = JSON.parse(await readFile(modulesPath, 'utf8'));
    } catch (cause) {
      throw new RnnkitError('MODEL_FORMAT', `${modulesPath} is not valid JSON`, {
        path: modulesPath,
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
        `${error.message}\nFor the command line: save an rnnkit spec as ${basename(specPath)} or the module description as ${basename(modulesPath)} beside ${basename(path)}.`,
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
