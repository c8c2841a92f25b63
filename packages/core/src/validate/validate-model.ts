/**
 * A model is a spec plus canonical weights. Backends call this before touching a runtime, so a
 * wrong shape or a stray NaN is reported by tensor name instead of surfacing as a native crash
 * or, worse, a silently wrong answer.
 */
import { RnnkitError } from '../errors.js';
import { expectedWeights, type Model, type WeightTensor } from '../weights/canonical.js';
import { validateSpec } from './validate-spec.js';

function weightsError(name: string, message: string): RnnkitError {
  return new RnnkitError('INVALID_WEIGHTS', `weight '${name}': ${message}`, { path: name });
}

function shapeText(shape: readonly unknown[]): string {
  return `[${shape.join(', ')}]`;
}

function isMapLike(value: unknown): value is Map<string, WeightTensor> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Map<string, unknown>).get === 'function' &&
    typeof (value as Map<string, unknown>).keys === 'function'
  );
}

/** Throws INVALID_SPEC for the spec, INVALID_WEIGHTS (path = tensor name) for the weights. */
export function validateModel(model: Model): void {
  if (typeof model !== 'object' || model === null) {
    throw new RnnkitError('INVALID_WEIGHTS', 'expected a model { spec, weights }', {});
  }
  validateSpec(model.spec);
  const weights = model.weights;
  if (!isMapLike(weights)) {
    throw new RnnkitError(
      'INVALID_WEIGHTS',
      'model.weights: expected a Map of weight name to { shape, data }',
      {
        path: 'weights',
      },
    );
  }
  const wanted = expectedWeights(model.spec);
  const wantedNames = new Set(wanted.map((w) => w.name));
  const extra = [...weights.keys()].filter((name) => !wantedNames.has(name));
  if (extra.length > 0) {
    throw new RnnkitError(
      'INVALID_WEIGHTS',
      `unexpected weight tensor${extra.length > 1 ? 's' : ''} ${extra.map((n) => `'${n}'`).join(', ')} not used by the spec`,
      { path: extra[0] },
    );
  }
  for (const { name, shape } of wanted) {
    const tensor = weights.get(name);
    if (tensor === undefined) {
      throw weightsError(name, `missing (expected shape ${shapeText(shape)})`);
    }
    if (typeof tensor !== 'object' || tensor === null || !Array.isArray(tensor.shape)) {
      throw weightsError(name, 'expected { shape, data }');
    }
    const found = tensor.shape;
    if (found.length !== shape.length || found.some((dim, i) => dim !== shape[i])) {
      throw weightsError(name, `expected shape ${shapeText(shape)}, found ${shapeText(found)}`);
    }
    if (!(tensor.data instanceof Float32Array)) {
      const kind = (tensor.data as object | undefined)?.constructor?.name ?? typeof tensor.data;
      throw weightsError(name, `expected Float32Array data, found ${kind}`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (tensor.data.length !== size) {
      throw weightsError(
        name,
        `expected ${size} values for shape ${shapeText(shape)}, found ${tensor.data.length}`,
      );
    }
    const data = tensor.data;
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        throw weightsError(name, `value ${data[i]} at flat index ${i} is not finite`);
      }
    }
  }
}
