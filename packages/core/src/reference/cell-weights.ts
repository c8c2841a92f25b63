/**
 * One direction's weights of a recurrent layer, widened to float64 (exactly: every float32 is a
 * float64) so the reference does all its arithmetic in double precision.
 */
import { RnnkitError } from '../errors.js';
import type { Weights } from '../weights/canonical.js';

export interface CellWeights {
  /** [inputSize, gates*units], row-major. */
  kernel: Float64Array;
  /** [units, gates*units]. */
  recurrentKernel: Float64Array;
  /** [gates*units], zeros when the layer has no bias (so the maths below has one form). */
  bias: Float64Array;
  /** [gates*units], zeros when the layer has no recurrent bias. */
  recurrentBias: Float64Array;
  /** [3*units] i, f, o; zeros without peepholes. */
  peephole: Float64Array;
}

export function weight64(weights: Weights, name: string): Float64Array {
  const tensor = weights.get(name);
  if (!tensor)
    throw new RnnkitError('INVALID_WEIGHTS', `weight '${name}' is missing`, { path: name });
  return Float64Array.from(tensor.data);
}

function optionalWeight64(weights: Weights, name: string, size: number): Float64Array {
  return weights.has(name) ? weight64(weights, name) : new Float64Array(size);
}

/** `prefix` is `<layer>/` or `<layer>/forward/` / `<layer>/backward/`. */
export function cellWeights(
  weights: Weights,
  prefix: string,
  gates: number,
  units: number,
): CellWeights {
  return {
    kernel: weight64(weights, `${prefix}kernel`),
    recurrentKernel: weight64(weights, `${prefix}recurrentKernel`),
    bias: optionalWeight64(weights, `${prefix}bias`, gates * units),
    recurrentBias: optionalWeight64(weights, `${prefix}recurrentBias`, gates * units),
    peephole: optionalWeight64(weights, `${prefix}peephole`, 3 * units),
  };
}

/**
 * `vector · matrix` for a row-major matrix [vector.length, columns]: out[j] = Σ_i v[i]*M[i][j].
 * The plain triple-index form, kept on purpose: this is the oracle, not the fast path.
 */
export function vectorTimesMatrix(
  vector: Float64Array,
  matrix: Float64Array,
  columns: number,
): Float64Array {
  const out = new Float64Array(columns);
  for (let i = 0; i < vector.length; i++) {
    const v = vector[i];
    for (let j = 0; j < columns; j++) out[j] += v * matrix[i * columns + j];
  }
  return out;
}
