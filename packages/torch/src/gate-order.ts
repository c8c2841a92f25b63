/**
 * Pure layout conversions between PyTorch's parameters and rnnkit's canonical weights.
 *
 * PyTorch stores `weight_ih` as [gates*hidden, input] (y = x Wᵀ); the canonical kernel is
 * [input, gates*hidden] (y = x K), so K = Wᵀ. Gate blocks: LSTM i,f,g,o is the canonical i,f,c,o
 * as is; GRU r,z,n is canonical z,r,h with the first two blocks swapped. Swapping two blocks is
 * its own inverse, so the same function converts both ways.
 */
import type { RecurrentKind } from './module-description.js';

/** [rows, columns] row-major -> [columns, rows] row-major. */
export function transpose(data: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) out[c * rows + r] = data[r * columns + c];
  }
  return out;
}

/**
 * Reorders the gate blocks along the first axis of a [gates*hidden, rest] array (rest = 1 for a
 * bias): PyTorch -> canonical and canonical -> PyTorch are the same permutation.
 */
export function swapGateBlocks(kind: RecurrentKind, data: Float32Array): Float32Array {
  if (kind !== 'gru') return new Float32Array(data);
  const block = data.length / 3;
  const out = new Float32Array(data.length);
  out.set(data.subarray(block, 2 * block), 0);
  out.set(data.subarray(0, block), block);
  out.set(data.subarray(2 * block), 2 * block);
  return out;
}

/** PyTorch weight_ih / weight_hh [gates*H, in] -> canonical kernel [in, gates*H]. */
export function kernelFromTorch(
  kind: RecurrentKind,
  weight: Float32Array,
  inputSize: number,
): Float32Array {
  return transpose(swapGateBlocks(kind, weight), weight.length / inputSize, inputSize);
}

/** Canonical kernel [in, gates*H] -> PyTorch weight [gates*H, in]. */
export function kernelToTorch(
  kind: RecurrentKind,
  kernel: Float32Array,
  inputSize: number,
): Float32Array {
  return swapGateBlocks(kind, transpose(kernel, inputSize, kernel.length / inputSize));
}
