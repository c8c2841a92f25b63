/**
 * Keras's default initialisers, drawing from a `Random` stream. Each returns float32 data in the
 * requested (row-major) shape. References: keras/src/initializers/random_initializers.py
 * (GlorotUniform, Orthogonal, RandomUniform) and constant_initializers.py.
 */

import { householderQr } from './householder-qr.js';
import type { Random } from './random.js';

/**
 * Glorot (Xavier) uniform: U(-limit, limit), limit = sqrt(6 / (fanIn + fanOut)). For a 2-D
 * [rows, cols] kernel Keras takes fanIn = rows and fanOut = cols, over the whole stacked kernel
 * (an LSTM kernel [inputSize, 4*units] has fanOut = 4*units, not units).
 */
export function glorotUniform(shape: [number, number], random: Random): Float32Array {
  const [fanIn, fanOut] = shape;
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return randomUniform(shape[0] * shape[1], -limit, limit, random);
}

/** U(min, max), Keras's `RandomUniform` (the Embedding default is min -0.05, max 0.05). */
export function randomUniform(
  size: number,
  min: number,
  max: number,
  random: Random,
): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = random.uniformIn(min, max);
  return out;
}

/**
 * Keras's `Orthogonal` (gain 1) for a [rows, cols] matrix: QR of a standard-normal matrix of
 * shape [max(rows, cols), min(rows, cols)], Q's columns multiplied by sign(diag(R)) so the result
 * is uniformly distributed (Mezzadri 2007), transposed when rows < cols. So a recurrent kernel
 * [units, gates*units] gets orthonormal ROWS (W Wᵀ = I); a square one is fully orthogonal. A
 * single gate's [units, units] block is not orthogonal on its own.
 */
export function orthogonal(shape: [number, number], random: Random): Float32Array {
  const [rows, cols] = shape;
  const tall = Math.max(rows, cols);
  const narrow = Math.min(rows, cols);
  const normal = new Float64Array(tall * narrow);
  for (let i = 0; i < normal.length; i++) normal[i] = random.normal();
  const { q, rDiagonal } = householderQr(normal, tall, narrow);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < tall; i++) {
    for (let j = 0; j < narrow; j++) {
      // sign(0) is 0 in Keras too; a zero on R's diagonal has probability zero.
      const value = q[i * narrow + j] * Math.sign(rDiagonal[j]);
      if (rows >= cols) out[i * cols + j] = value;
      else out[j * cols + i] = value;
    }
  }
  return out;
}
