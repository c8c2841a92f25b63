/**
 * The float64 copy of a model's weights that the reference trainer reads and updates, by
 * canonical name. float32 -> float64 is exact, so a trainer starts from exactly the given model.
 */
import { RnnkitError } from '../../errors.js';
import type { Weights } from '../../weights/canonical.js';

export class ParameterStore {
  readonly values = new Map<string, Float64Array>();
  readonly shapes = new Map<string, number[]>();

  constructor(weights: Weights) {
    for (const [name, tensor] of weights) {
      this.values.set(name, Float64Array.from(tensor.data));
      this.shapes.set(name, [...tensor.shape]);
    }
  }

  get(name: string): Float64Array {
    const value = this.values.get(name);
    if (!value)
      throw new RnnkitError('INVALID_WEIGHTS', `weight '${name}' is missing`, { path: name });
    return value;
  }

  /** Zeros for a tensor the layer does not have (no bias, no peepholes): never trained. */
  optional(name: string, size: number): Float64Array {
    return this.values.get(name) ?? new Float64Array(size);
  }

  /** float32 weights (rounded to nearest), for a Model. */
  toWeights(): Weights {
    const weights: Weights = new Map();
    for (const [name, value] of this.values) {
      weights.set(name, {
        shape: [...(this.shapes.get(name) as number[])],
        data: Float32Array.from(value),
      });
    }
    return weights;
  }
}
