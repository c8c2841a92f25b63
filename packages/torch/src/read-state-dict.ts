/**
 * A PyTorch state dict saved as safetensors -> rnnkit model.
 *
 * Where the structure comes from, first match wins:
 * 1. `options.spec`: the spec is used as given; its layer names are the module prefixes
 *    (`<p>_l0`, `<p>_l1`, ... for one multi-layer module `<p>`).
 * 2. `options.modules`: a module description (see module-description.ts).
 * 3. The file's `rnnkit.spec` metadata, which `writeTorchStateDict` records.
 * 4. Inference from names and shapes (`inferModuleDescription`); if something is ambiguous, a
 *    MODEL_FORMAT error says what and shows the inferred description to complete and pass.
 */
import {
  decodeSafetensors,
  directionPrefixes,
  type Model,
  type ModelSpec,
  RnnkitError,
  recurrentLayers,
  toFloat32Tensor,
  validateModel,
  validateSpec,
  type Weights,
  type WeightTensor,
} from '@rnnkit/core';
import { describeSpec } from './describe-spec.js';
import { inferModuleDescription } from './infer-modules.js';
import { modelFromTorchTensors } from './model-from-torch.js';
import type { ModuleDescription } from './module-description.js';

export const SPEC_METADATA_KEY = 'rnnkit.spec';

export interface ReadTorchOptions {
  spec?: ModelSpec;
  modules?: ModuleDescription;
}

export function readTorchStateDict(bytes: Uint8Array, options: ReadTorchOptions = {}): Model {
  const decoded = decodeSafetensors(bytes);
  const tensors = new Map<string, WeightTensor>();
  for (const [name, tensor] of decoded.tensors) tensors.set(name, toFloat32Tensor(name, tensor));
  const embedded = decoded.metadata[SPEC_METADATA_KEY];
  const spec =
    options.spec ??
    (options.modules === undefined && embedded !== undefined
      ? parseEmbeddedSpec(embedded)
      : undefined);
  return modelFromStateDict(tensors, { spec, modules: options.modules });
}

/** The same on already decoded float32 tensors (PyTorch name -> { shape, data }). */
export function modelFromStateDict(
  tensors: ReadonlyMap<string, WeightTensor>,
  options: ReadTorchOptions = {},
): Model {
  if (options.spec !== undefined) {
    const spec = validateSpec(options.spec);
    const { description } = describeSpec(spec, { strict: false });
    // Built for its weights only; the caller's spec is the one returned, checked against them.
    const { weights } = modelFromTorchTensors(tensors, description);
    dropZeroRecurrentBiases(spec, weights);
    const model = { spec, weights };
    validateModel(model);
    return model;
  }
  if (options.modules !== undefined) return modelFromTorchTensors(tensors, options.modules);
  const inferred = inferModuleDescription(tensors);
  if (inferred.ambiguities.length > 0) {
    const questions = inferred.ambiguities
      .map((a) => `- ${a.path}: ${a.question} (one of: ${a.choices.join(', ')})`)
      .join('\n');
    throw new RnnkitError(
      'MODEL_FORMAT',
      `the state dict alone does not determine the model:\n${questions}\n` +
        `Pass { modules } to readTorchStateDict; inferred so far: ${JSON.stringify(inferred.description)}`,
      { path: inferred.ambiguities[0].path },
    );
  }
  return modelFromTorchTensors(tensors, inferred.description);
}

/**
 * PyTorch always has bias_hh; a spec with one bias per gate (recurrentBias false, as Keras and
 * `writeTorchStateDict` of such a spec) matches it exactly when bias_hh is zero, and only then.
 */
function dropZeroRecurrentBiases(spec: ModelSpec, weights: Weights): void {
  for (const layer of recurrentLayers(spec)) {
    if (!layer.useBias || layer.recurrentBias) continue;
    for (const prefix of directionPrefixes(layer.name, layer.directions)) {
      const name = `${prefix}recurrentBias`;
      const tensor = weights.get(name);
      if (!tensor) continue;
      if (tensor.data.some((value) => value !== 0)) {
        throw new RnnkitError(
          'INVALID_WEIGHTS',
          `layer '${layer.name}' has recurrentBias false in the spec, but the state dict's bias_hh for it is not zero; set recurrentBias: true`,
          { path: name },
        );
      }
      weights.delete(name);
    }
  }
}

function parseEmbeddedSpec(text: string): ModelSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new RnnkitError(
      'MODEL_FORMAT',
      `safetensors metadata '${SPEC_METADATA_KEY}' is not JSON`,
      {
        path: SPEC_METADATA_KEY,
        cause,
      },
    );
  }
  return validateSpec(json);
}
