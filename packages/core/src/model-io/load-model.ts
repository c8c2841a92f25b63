/**
 * Spec text + safetensors bytes -> a validated `Model`. Every tensor is checked against the
 * spec's canonical list before conversion: unexpected or missing names, integer dtypes and wrong
 * shapes are INVALID_WEIGHTS naming the tensor. F64, F16 and BF16 tensors are accepted and
 * converted to float32 (what backends compute in), so half-precision exports load too.
 */
import { RnnkitError } from '../errors.js';
import { decodeSafetensors } from '../safetensors/decode.js';
import { toFloat32Tensor } from '../safetensors/to-float32.js';
import { parseSpec, validateModel } from '../validate/index.js';
import { expectedWeights, type Model, type Weights } from '../weights/canonical.js';
import type { SavedModel } from './save-model.js';

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

export function loadModelFromBytes(specText: string, weightBytes: Uint8Array): Model {
  const spec = parseSpec(specText);
  const { tensors } = decodeSafetensors(weightBytes);
  const expected = expectedWeights(spec);
  const expectedNames = new Set(expected.map((weight) => weight.name));
  for (const name of tensors.keys()) {
    if (!expectedNames.has(name)) {
      throw new RnnkitError(
        'INVALID_WEIGHTS',
        `weight '${name}': not used by the spec (unexpected tensor)`,
        {
          path: name,
        },
      );
    }
  }
  const weights: Weights = new Map();
  for (const { name, shape } of expected) {
    const tensor = tensors.get(name);
    if (tensor === undefined) {
      throw new RnnkitError(
        'INVALID_WEIGHTS',
        `weight '${name}': missing (expected shape ${shapeText(shape)})`,
        {
          path: name,
        },
      );
    }
    if (tensor.shape.length !== shape.length || tensor.shape.some((dim, i) => dim !== shape[i])) {
      throw new RnnkitError(
        'INVALID_WEIGHTS',
        `weight '${name}': expected shape ${shapeText(shape)}, found ${shapeText(tensor.shape)}`,
        { path: name },
      );
    }
    weights.set(name, toFloat32Tensor(name, tensor));
  }
  const model: Model = { spec, weights };
  validateModel(model); // finiteness and anything the checks above do not cover
  return model;
}

/** The inverse of `saveModel`. */
export function loadModel(saved: SavedModel): Model {
  if (typeof saved !== 'object' || saved === null) {
    throw new RnnkitError(
      'INVALID_SPEC',
      'loadModel: expected { spec: string, weights: Uint8Array }',
      { path: '$' },
    );
  }
  return loadModelFromBytes(saved.spec, saved.weights);
}
