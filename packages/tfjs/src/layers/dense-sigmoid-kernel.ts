/**
 * sigmoid(x · Wᵀ + b) as one custom tfjs kernel, registered for tfjs-cpu only: the LSTM step
 * kernel path's one product there (lstm.ts), out[m, n] = sigmoid(Σ_k x[m, k] * weightsT[n, k] +
 * bias[n]).
 *
 * Why: tfjs-cpu's MatMul ran only ~0.5 GFLOP/s on a 2-core test machine and dominated that path;
 * a plain JS loop like the one below measured 3.6 GFLOP/s for [32, 192] x [192, 512]. With it an
 * LSTM 64 -> 128 on tfjs-cpu took ~0.24 s instead of ~0.96 s at batch 32 x 100 steps, and ~0.23 s
 * instead of ~0.64 s at batch 1 x 2000 steps (same machine, median of 5).
 *
 * How: the weights are stored transposed ([N, K], uploaded once at load), so both operands are
 * read contiguously along k. The loops cover the output in 4x4 tiles, each summed in 16 local
 * variables (float64; bias and sigmoid applied there too, so each output is rounded to float32
 * once); leftover rows take 1x4 tiles (so batch 1 is fast too), leftover columns one dot product
 * each.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fastExp } from './fast-exp.js';
import { type KernelArgs, kernelMemory, registerStepKernel } from './kernel-memory.js';

export const DENSE_SIGMOID = 'RnnkitDenseSigmoid';

/** NaN stays NaN; fastExp clamps its argument, so a huge |z| gives ~0 or 1, never NaN. */
function sigmoid(z: number): number {
  return 1 / (1 + fastExp(-z));
}

function denseSigmoidKernel({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const memory = kernelMemory(backend);
  const xInfo = inputs.x as tf.TensorInfo;
  const wInfo = inputs.weightsT as tf.TensorInfo;
  const biasInfo = inputs.bias as tf.TensorInfo | undefined;
  const [rows, depth] = xInfo.shape;
  const cols = wInfo.shape[0];
  const outInfo = memory.output([rows, cols]);
  const x = memory.view(xInfo);
  const w = memory.view(wInfo);
  const bias = biasInfo ? memory.view(biasInfo) : new Float32Array(cols);
  const out = memory.view(outInfo);
  const tiledCols = cols - (cols % 4);
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    for (let j = 0; j < tiledCols; j += 4) tile4x4(x, w, bias, out, i, j, depth, cols);
  }
  for (; i < rows; i++) {
    for (let j = 0; j < tiledCols; j += 4) tile1x4(x, w, bias, out, i, j, depth, cols);
  }
  for (let r = 0; r < rows; r++) {
    for (let j = tiledCols; j < cols; j++) {
      let s = bias[j];
      for (let k = 0; k < depth; k++) s += x[r * depth + k] * w[j * depth + k];
      out[r * cols + j] = sigmoid(s);
    }
  }
  return outInfo;
}

// biome-ignore format: the tile's 16 sums read best as a 4x4 grid
/** Outputs [i, i+4) x [j, j+4). */
function tile4x4(x: Float32Array, w: Float32Array, bias: Float32Array, out: Float32Array,
    i: number, j: number, depth: number, cols: number): void {
  const a0 = i * depth, a1 = a0 + depth, a2 = a1 + depth, a3 = a2 + depth;
  const b0 = j * depth, b1 = b0 + depth, b2 = b1 + depth, b3 = b2 + depth;
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
  let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
  let s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  for (let k = 0; k < depth; k++) {
    const x0 = x[a0 + k], x1 = x[a1 + k], x2 = x[a2 + k], x3 = x[a3 + k];
    const w0 = w[b0 + k], w1 = w[b1 + k], w2 = w[b2 + k], w3 = w[b3 + k];
    s00 += x0 * w0; s01 += x0 * w1; s02 += x0 * w2; s03 += x0 * w3;
    s10 += x1 * w0; s11 += x1 * w1; s12 += x1 * w2; s13 += x1 * w3;
    s20 += x2 * w0; s21 += x2 * w1; s22 += x2 * w2; s23 += x2 * w3;
    s30 += x3 * w0; s31 += x3 * w1; s32 += x3 * w2; s33 += x3 * w3;
  }
  const c0 = bias[j], c1 = bias[j + 1], c2 = bias[j + 2], c3 = bias[j + 3];
  const o0 = i * cols + j, o1 = o0 + cols, o2 = o1 + cols, o3 = o2 + cols;
  out[o0] = sigmoid(s00 + c0); out[o0 + 1] = sigmoid(s01 + c1); out[o0 + 2] = sigmoid(s02 + c2); out[o0 + 3] = sigmoid(s03 + c3);
  out[o1] = sigmoid(s10 + c0); out[o1 + 1] = sigmoid(s11 + c1); out[o1 + 2] = sigmoid(s12 + c2); out[o1 + 3] = sigmoid(s13 + c3);
  out[o2] = sigmoid(s20 + c0); out[o2 + 1] = sigmoid(s21 + c1); out[o2 + 2] = sigmoid(s22 + c2); out[o2 + 3] = sigmoid(s23 + c3);
  out[o3] = sigmoid(s30 + c0); out[o3 + 1] = sigmoid(s31 + c1); out[o3 + 2] = sigmoid(s32 + c2); out[o3 + 3] = sigmoid(s33 + c3);
}

// biome-ignore format: as tile4x4
/** Outputs [i, i+1) x [j, j+4): the rows left over after the 4x4 tiles. */
function tile1x4(x: Float32Array, w: Float32Array, bias: Float32Array, out: Float32Array,
    i: number, j: number, depth: number, cols: number): void {
  const a = i * depth;
  const b0 = j * depth, b1 = b0 + depth, b2 = b1 + depth, b3 = b2 + depth;
  let s0 = bias[j], s1 = bias[j + 1], s2 = bias[j + 2], s3 = bias[j + 3];
  for (let k = 0; k < depth; k++) {
    const xk = x[a + k];
    s0 += xk * w[b0 + k]; s1 += xk * w[b1 + k]; s2 += xk * w[b2 + k]; s3 += xk * w[b3 + k];
  }
  const o = i * cols + j;
  out[o] = sigmoid(s0); out[o + 1] = sigmoid(s1); out[o + 2] = sigmoid(s2); out[o + 3] = sigmoid(s3);
}

/** Registers the kernel for tfjs-cpu once per process. */
export function registerDenseSigmoid(): void {
  registerStepKernel(DENSE_SIGMOID, 'cpu', denseSigmoidKernel);
}

/** sigmoid(x · weightsTᵀ + bias): x [M, K], weightsT [N, K], bias [N] -> [M, N]; tfjs-cpu only. */
export function denseSigmoid(
  x: tf.Tensor2D,
  weightsT: tf.Tensor2D,
  bias: tf.Tensor1D | undefined,
): tf.Tensor2D {
  const inputs: tf.NamedTensorMap = bias ? { x, weightsT, bias } : { x, weightsT };
  return tf.engine().runKernel(DENSE_SIGMOID, inputs) as tf.Tensor2D;
}
