/**
 * op(a)·op(b) on tfjs-cpu as rnnkit's own kernel, `RnnkitMatMul`, for every product of the
 * training path (forward and backward; mat-mul.ts picks it on cpu).
 *
 * Why: a CPU profile of an LSTM 128 training step at batch 32 x 100 on tfjs-cpu spent half its
 * time in tfjs-cpu's batchMatMul (~0.5 GFLOP/s here) and another ~6% in tfjs-cpu's generic
 * transpose (the explicit transposes mat-mul.ts makes for tfjs-wasm's sake). The inference path
 * already replaced tfjs-cpu's product with the 4x4 register-tiled loops of RnnkitDense
 * (layers/dense-kernel.ts, ~3 GFLOP/s); this kernel runs the same loops for a general product.
 *
 * How: those loops want op(a) as rows [M, K] and op(b) transposed as rows [N, K], both read
 * contiguously along k. a is already that layout unless transposeA; b is already that layout
 * when transposeB. The other cases copy the operand transposed first, in a plain JS loop
 * (O(K·(M or N)) against the product's O(M·N·K)).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { tiledProduct } from '../../layers/dense-kernel.js';
import { type KernelArgs, kernelMemory, registerStepKernel } from '../../layers/kernel-memory.js';

export const CPU_MAT_MUL = 'RnnkitMatMul';

export interface CpuMatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/** [rows, cols] row-major -> [cols, rows] row-major. */
function transposed(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const from = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[from + c];
  }
  return out;
}

function cpuMatMulKernel({ inputs, backend, attrs }: KernelArgs<CpuMatMulAttrs>): tf.TensorInfo {
  const memory = kernelMemory(backend);
  const aInfo = inputs.a as tf.TensorInfo;
  const bInfo = inputs.b as tf.TensorInfo;
  const [aRows, aCols] = aInfo.shape;
  const [bRows, bCols] = bInfo.shape;
  const [rows, depth] = attrs.transposeA ? [aCols, aRows] : [aRows, aCols];
  const cols = attrs.transposeB ? bRows : bCols;
  const outInfo = memory.output([rows, cols]);
  const a = memory.view(aInfo);
  const b = memory.view(bInfo);
  const left = attrs.transposeA ? transposed(a, aRows, aCols) : a;
  const right = attrs.transposeB ? b : transposed(b, bRows, bCols);
  tiledProduct(left, right, new Float32Array(cols), memory.view(outInfo), rows, depth, cols);
  return outInfo;
}

/** Registers the kernel for tfjs-cpu once per process. */
export function registerCpuMatMul(): void {
  registerStepKernel(CPU_MAT_MUL, 'cpu', cpuMatMulKernel);
}
