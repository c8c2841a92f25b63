/**
 * A PyTorch state dict saved as safetensors, or with torch.save (`.pt`, zip or legacy format,
 * read by a restricted unpickler: pt/read-pt.ts) -> rnnkit model.
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
  jsonTooDeep,
  MAX_JSON_DEPTH,
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
import { isPt, readPtStateDict } from './pt/read-pt.js';

export const SPEC_METADATA_KEY = 'rnnkit.spec';
export const PREFIXES_METADATA_KEY = 'rnnkit.prefixes';

export interface ReadTorchOptions {
  spec?: ModelSpec;
  /** With `spec`: module name -> state dict prefix where they differ (see WriteTorchOptions). */
  prefixes?: Record<string, string>;
  modules?: ModuleDescription;
}

export function readTorchStateDict(bytes: Uint8Array, options: ReadTorchOptions = {}): Model {
  // torch.save files (zip or legacy pickle): the tensors, then the same structure rules.
  if (isPt(bytes)) {
    const tensors = new Map<string, WeightTensor>();
    for (const [name, tensor] of readPtStateDict(bytes).tensors)
      tensors.set(name, toFloat32Tensor(name, tensor));
    return modelFromStateDict(tensors, options);
  }
  const decoded = decodeSafetensors(bytes);
  const tensors = new Map<string, WeightTensor>();
  for (const [name, tensor] of decoded.tensors) tensors.set(name, toFloat32Tensor(name, tensor));
  const embedded = decoded.metadata[SPEC_METADATA_KEY];
  if (options.spec === undefined && options.modules === undefined && embedded !== undefined) {
    const prefixes = decoded.metadata[PREFIXES_METADATA_KEY];
    return modelFromStateDict(tensors, {
      spec: parseEmbedded(SPEC_METADATA_KEY, embedded, validateSpec),
      prefixes:
        prefixes === undefined
          ? undefined
          : parseEmbedded(PREFIXES_METADATA_KEY, prefixes, checkPrefixes),
    });
  }
  return modelFromStateDict(tensors, options);
}

/** The same on already decoded float32 tensors (PyTorch name -> { shape, data }). */
export function modelFromStateDict(
  tensors: ReadonlyMap<string, WeightTensor>,
  options: ReadTorchOptions = {},
): Model {
  if (options.spec !== undefined) {
    const spec = validateSpec(options.spec);
    const { description } = describeSpec(spec, { prefixes: options.prefixes });
    // Built for its weights only; the caller's spec is the one returned, checked against them.
    const { weights } = modelFromTorchTensors(tensors, description, false);
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

function parseEmbedded<T>(key: string, text: string, check: (json: unknown) => T): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new RnnkitError('MODEL_FORMAT', `safetensors metadata '${key}' is not JSON`, {
      path: key,
      cause,
    });
  }
  if (jsonTooDeep(json)) {
    throw new RnnkitError(
      'MODEL_FORMAT',
      `safetensors metadata '${key}' nests deeper than ${MAX_JSON_DEPTH} levels`,
      { path: key },
    );
  }
  return check(json);
}

function checkPrefixes(json: unknown): Record<string, string> {
  if (
    typeof json !== 'object' ||
    json === null ||
    Array.isArray(json) ||
    !Object.values(json).every((value) => typeof value === 'string')
  ) {
    throw new RnnkitError(
      'MODEL_FORMAT',
      `safetensors metadata '${PREFIXES_METADATA_KEY}' must map names to prefixes`,
      {
        path: PREFIXES_METADATA_KEY,
      },
    );
  }
  return Object.fromEntries(Object.entries(json)) as Record<string, string>;
}
