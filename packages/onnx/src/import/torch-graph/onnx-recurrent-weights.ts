/**
 * ONNX RNN/LSTM/GRU weights -> canonical (Keras) layout for one direction.
 *   ONNX W [dirs, gates*H, in], R [dirs, gates*H, H], B [dirs, 2*gates*H] = [Wb, Rb], P [dirs, 3*H]
 *   gate order LSTM i,o,f,c; GRU z,r,h; P order i,o,f.
 *   canonical kernel [in, gates*H], recurrentKernel [H, gates*H], bias/recurrentBias [gates*H],
 *   gate order LSTM i,f,c,o; GRU z,r,h; peephole order i,f,o.
 */
import type { WeightTensor } from '@rnnkit/core';

/** canonical gate g takes ONNX gate block ONNX_GATE_OF[type][g]. */
const ONNX_GATE_OF = {
  simpleRnn: [0],
  lstm: [0, 2, 3, 1],
  gru: [0, 1, 2],
} as const;

/** canonical peephole p (i, f, o) takes ONNX P block [i, o, f][...]. */
const ONNX_PEEPHOLE_OF = [0, 2, 1] as const;

export type RecurrentType = keyof typeof ONNX_GATE_OF;

/** Transposes direction `d` of W or R ([dirs, gates*H, cols]) into [cols, gates*H], reordering gates. */
export function canonicalKernel(
  type: RecurrentType,
  values: Float64Array,
  dims: readonly number[],
  direction: number,
  units: number,
): WeightTensor {
  const [, rows, cols] = dims;
  const gates = ONNX_GATE_OF[type];
  const data = new Float32Array(cols * rows);
  const base = direction * rows * cols;
  gates.forEach((onnxGate, g) => {
    for (let j = 0; j < units; j++) {
      const row = base + (onnxGate * units + j) * cols;
      for (let k = 0; k < cols; k++) data[k * rows + g * units + j] = values[row + k];
    }
  });
  return { shape: [cols, rows], data };
}

/** Splits direction `d` of B ([dirs, 2*gates*H]) into canonical bias and recurrentBias. */
export function canonicalBiases(
  type: RecurrentType,
  values: Float64Array,
  direction: number,
  units: number,
): { bias: WeightTensor; recurrentBias: WeightTensor } {
  const gates = ONNX_GATE_OF[type];
  const width = gates.length * units;
  const bias = new Float32Array(width);
  const recurrentBias = new Float32Array(width);
  const base = direction * 2 * width;
  gates.forEach((onnxGate, g) => {
    for (let j = 0; j < units; j++) {
      bias[g * units + j] = values[base + onnxGate * units + j];
      recurrentBias[g * units + j] = values[base + width + onnxGate * units + j];
    }
  });
  return {
    bias: { shape: [width], data: bias },
    recurrentBias: { shape: [width], data: recurrentBias },
  };
}

export function canonicalPeephole(
  values: Float64Array,
  direction: number,
  units: number,
): WeightTensor {
  const data = new Float32Array(3 * units);
  ONNX_PEEPHOLE_OF.forEach((onnxBlock, p) => {
    for (let j = 0; j < units; j++)
      data[p * units + j] = values[direction * 3 * units + onnxBlock * units + j];
  });
  return { shape: [3 * units], data };
}
