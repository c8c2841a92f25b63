/**
 * Canonical (Keras) recurrent weights <-> ONNX RNN/LSTM/GRU inputs, one direction at a time.
 *
 *   canonical kernel [in, G*H], gate order LSTM i,f,c,o; GRU z,r,h
 *   ONNX W [G*H, in] (kernel transposed), gate order LSTM i,o,f,c; GRU z,r,h
 *   ONNX B [2*G*H] = [Wb, Rb]; ONNX P [3*H] order i,o,f (canonical peephole i,f,o)
 */
import type { RecurrentLayer } from '@rnnkit/core';

/** For ONNX gate block g, the canonical gate block it holds. */
export const ONNX_GATE_SOURCE: Record<RecurrentLayer['type'], number[]> = {
  simpleRnn: [0],
  lstm: [0, 3, 1, 2],
  gru: [0, 1, 2],
};

/** ONNX P blocks (i, o, f) from canonical peephole blocks (i, f, o). */
export const ONNX_PEEPHOLE_SOURCE = [0, 2, 1];

/** canonical kernel [inSize, G*H] -> ONNX W rows [G*H, inSize] (also R from recurrentKernel). */
export function kernelToOnnx(
  kernel: Float32Array,
  inSize: number,
  units: number,
  source: number[],
): Float32Array {
  const gates = source.length;
  const width = gates * units;
  const out = new Float32Array(width * inSize);
  for (let g = 0; g < gates; g++) {
    for (let j = 0; j < units; j++) {
      const row = g * units + j;
      const column = source[g] * units + j;
      for (let k = 0; k < inSize; k++) out[row * inSize + k] = kernel[k * width + column];
    }
  }
  return out;
}

/** ONNX W rows [G*H, inSize] -> canonical kernel [inSize, G*H]. */
export function kernelFromOnnx(
  w: Float32Array,
  inSize: number,
  units: number,
  source: number[],
): Float32Array {
  const gates = source.length;
  const width = gates * units;
  const out = new Float32Array(width * inSize);
  for (let g = 0; g < gates; g++) {
    for (let j = 0; j < units; j++) {
      const row = g * units + j;
      const column = source[g] * units + j;
      for (let k = 0; k < inSize; k++) out[k * width + column] = w[row * inSize + k];
    }
  }
  return out;
}

/** Reorders gate blocks of a vector (bias, peephole) from canonical to ONNX order. */
export function blocksToOnnx(vector: Float32Array, units: number, source: number[]): Float32Array {
  const out = new Float32Array(source.length * units);
  for (let g = 0; g < source.length; g++) {
    out.set(vector.subarray(source[g] * units, (source[g] + 1) * units), g * units);
  }
  return out;
}

/** Reorders gate blocks of a vector from ONNX to canonical order. */
export function blocksFromOnnx(
  vector: Float32Array,
  units: number,
  source: number[],
): Float32Array {
  const out = new Float32Array(source.length * units);
  for (let g = 0; g < source.length; g++) {
    out.set(vector.subarray(g * units, (g + 1) * units), source[g] * units);
  }
  return out;
}
