/**
 * One direction of an ONNX RNN/LSTM/GRU node's constant W/R/B/P ([directions, ...] tensors) in the
 * canonical layout. The gate orders themselves live in one place, `export/gate-layout.ts`.
 */
import type { WeightTensor } from '@rnnkit/core';
import {
  blocksFromOnnx,
  kernelFromOnnx,
  ONNX_GATE_SOURCE,
  ONNX_PEEPHOLE_SOURCE,
} from '../../export/gate-layout.js';

export type RecurrentType = keyof typeof ONNX_GATE_SOURCE;

function direction(values: Float64Array, index: number, size: number): Float32Array {
  return Float32Array.from(values.subarray(index * size, (index + 1) * size));
}

/** W or R [directions, gates*H, cols] -> canonical kernel [cols, gates*H] of direction `d`. */
export function canonicalKernel(
  type: RecurrentType,
  values: Float64Array,
  dims: readonly number[],
  d: number,
  units: number,
): WeightTensor {
  const [, rows, cols] = dims;
  const data = kernelFromOnnx(
    direction(values, d, rows * cols),
    cols,
    units,
    ONNX_GATE_SOURCE[type],
  );
  return { shape: [cols, rows], data };
}

/** B [directions, 2*gates*H] = [Wb, Rb] -> canonical bias and recurrentBias of direction `d`. */
export function canonicalBiases(
  type: RecurrentType,
  values: Float64Array,
  d: number,
  units: number,
): { bias: WeightTensor; recurrentBias: WeightTensor } {
  const source = ONNX_GATE_SOURCE[type];
  const width = source.length * units;
  const both = direction(values, d, 2 * width);
  return {
    bias: { shape: [width], data: blocksFromOnnx(both.subarray(0, width), units, source) },
    recurrentBias: { shape: [width], data: blocksFromOnnx(both.subarray(width), units, source) },
  };
}

/** P [directions, 3*H] (i, o, f) -> canonical peephole (i, f, o) of direction `d`. */
export function canonicalPeephole(values: Float64Array, d: number, units: number): WeightTensor {
  return {
    shape: [3 * units],
    data: blocksFromOnnx(direction(values, d, 3 * units), units, ONNX_PEEPHOLE_SOURCE),
  };
}
