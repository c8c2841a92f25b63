/**
 * Float64 parameters and gradients of one direction of a recurrent layer, in the canonical
 * layout (reference/cell-weights.ts), plus the matrix helpers every backward step uses.
 */
export interface CellParameters {
  /** [inputSize, gates*units] */
  kernel: Float64Array;
  /** [units, gates*units] */
  recurrentKernel: Float64Array;
  /** [gates*units]; zeros when the layer has none (its gradient is then not reported). */
  bias: Float64Array;
  recurrentBias: Float64Array;
  /** [3*units] i, f, o; zeros without peepholes. */
  peephole: Float64Array;
}

export type CellGradients = CellParameters;

export function zeroCellGradients(parameters: CellParameters): CellGradients {
  return {
    kernel: new Float64Array(parameters.kernel.length),
    recurrentKernel: new Float64Array(parameters.recurrentKernel.length),
    bias: new Float64Array(parameters.bias.length),
    recurrentBias: new Float64Array(parameters.recurrentBias.length),
    peephole: new Float64Array(parameters.peephole.length),
  };
}

/** out[j] = Σ_i v[i]·M[i][j] for a row-major M [v.length, columns]. */
export function times(vector: Float64Array, matrix: Float64Array, columns: number): Float64Array {
  const out = new Float64Array(columns);
  for (let i = 0; i < vector.length; i++) {
    const v = vector[i];
    if (v === 0) continue;
    for (let j = 0; j < columns; j++) out[j] += v * matrix[i * columns + j];
  }
  return out;
}

/** out[i] = Σ_j M[i][j]·d[j]: the gradient of `vector · M` with respect to the vector. */
export function timesTransposed(
  delta: Float64Array,
  matrix: Float64Array,
  rows: number,
): Float64Array {
  const columns = delta.length;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < columns; j++) sum += matrix[i * columns + j] * delta[j];
    out[i] = sum;
  }
  return out;
}

/** M += vᵀ·d (outer product): the gradient of `v · M` with respect to M. */
export function addOuter(target: Float64Array, vector: Float64Array, delta: Float64Array): void {
  const columns = delta.length;
  for (let i = 0; i < vector.length; i++) {
    const v = vector[i];
    if (v === 0) continue;
    for (let j = 0; j < columns; j++) target[i * columns + j] += v * delta[j];
  }
}

export function addInto(target: Float64Array, delta: Float64Array): void {
  for (let j = 0; j < delta.length; j++) target[j] += delta[j];
}
