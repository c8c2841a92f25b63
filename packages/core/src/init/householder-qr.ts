/**
 * Thin QR decomposition by Householder reflections, in float64.
 * For A (rows x cols, rows >= cols, row-major) returns Q (rows x cols, orthonormal columns) and
 * the diagonal of R. Householder is used rather than Gram-Schmidt because it keeps Q orthogonal
 * to rounding error even for badly conditioned A.
 */
export interface ThinQr {
  q: Float64Array;
  rDiagonal: Float64Array;
}

export function householderQr(a: Float64Array, rows: number, cols: number): ThinQr {
  if (rows < cols) throw new Error('householderQr: needs rows >= cols');
  const work = Float64Array.from(a);
  const reflectors: Float64Array[] = [];
  const rDiagonal = new Float64Array(cols);

  for (let k = 0; k < cols; k++) {
    let norm = 0;
    for (let i = k; i < rows; i++) norm += work[i * cols + k] ** 2;
    norm = Math.sqrt(norm);
    const x0 = work[k * cols + k];
    // Reflect onto -sign(x0)*|x| e1 so that v = x - alpha e1 never cancels.
    const alpha = x0 >= 0 ? -norm : norm;
    const v = new Float64Array(rows - k);
    for (let i = k; i < rows; i++) v[i - k] = work[i * cols + k];
    v[0] -= alpha;
    let vNorm = 0;
    for (let i = 0; i < v.length; i++) vNorm += v[i] * v[i];
    vNorm = Math.sqrt(vNorm);
    if (vNorm > 0) {
      for (let i = 0; i < v.length; i++) v[i] /= vNorm;
      applyReflector(work, cols, k, v, k, cols);
    }
    reflectors.push(v);
    rDiagonal[k] = vNorm > 0 ? alpha : x0;
  }

  // Q = H_0 H_1 … H_{cols-1} applied to the first `cols` columns of the identity.
  const q = new Float64Array(rows * cols);
  for (let i = 0; i < cols; i++) q[i * cols + i] = 1;
  for (let k = cols - 1; k >= 0; k--) applyReflector(q, cols, k, reflectors[k], 0, cols);
  return { q, rDiagonal };
}

/** M[k:, from:to] -= 2 v (vᵀ M[k:, from:to]) for unit v (zero v leaves M unchanged). */
function applyReflector(
  m: Float64Array,
  cols: number,
  k: number,
  v: Float64Array,
  from: number,
  to: number,
): void {
  for (let j = from; j < to; j++) {
    let dot = 0;
    for (let i = 0; i < v.length; i++) dot += v[i] * m[(k + i) * cols + j];
    const scale = 2 * dot;
    for (let i = 0; i < v.length; i++) m[(k + i) * cols + j] -= scale * v[i];
  }
}
