/**
 * x · Wᵀ + b, then optionally sigmoid, as one custom tfjs kernel registered for tfjs-cpu only:
 * the products of the LSTM and reset-after GRU step kernel paths there (lstm.ts, gru.ts),
 * out[m, n] = act(Σ_k x[m, k] * weightsT[n, k] + bias[n]).
 *
 * Why: tfjs-cpu's MatMul ran only ~0.5 GFLOP/s on a 2-core test machine and dominated those
 * paths; a plain JS loop like the one below measured 3.6 GFLOP/s for [32, 192] x [192, 512]. With
 * it an LSTM 64 -> 128 on tfjs-cpu took ~0.24 s instead of ~0.96 s at batch 32 x 100 steps, and
 * ~0.23 s instead of ~0.64 s at batch 1 x 2000 steps (same machine, median of 5).
 *
 * How: the weights are stored transposed ([N, K], uploaded once at load), so both operands are
 * read contiguously along k. The loops cover the output in 4x4 tiles, each summed in 16 local
 * variables (float64, bias added there, rounded to float32 once); leftover rows take 1x4 tiles
 * (so batch 1 is fast too), leftover columns one dot product each. The sigmoid, when asked for,
 * is a second pass over the output.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fastExp } from './fast-exp.js';
import { type KernelArgs, kernelMemory, registerStepKernel } from './kernel-memory.js';

export const DENSE = 'RnnkitDense';

export type DenseActivation = 'linear' | 'sigmoid';

interface DenseAttrs {
  activation: DenseActivation;
}

function denseKernel({ inputs, backend, attrs }: KernelArgs<DenseAttrs>): tf.TensorInfo {
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
  tiledProduct(x, w, bias, out, rows, depth, cols);
  if (attrs.activation === 'sigmoid') {
    // NaN stays NaN; fastExp clamps its argument, so a huge |z| gives ~0 or 1, never NaN.
    for (let k = 0; k < out.length; k++) out[k] = 1 / (1 + fastExp(-out[k]));
  }
  return outInfo;
}

/**
 * out[m, n] = Σ_k x[m, k] * w[n, k] + bias[n] for x [rows, depth], w [cols, depth] (both read
 * contiguously along k): the loops of the kernel above, also used by the training product
 * (training/forward/cpu-mat-mul-kernel.ts).
 */
export function tiledProduct(
  x: Float32Array,
  w: Float32Array,
  bias: Float32Array,
  out: Float32Array,
  rows: number,
  depth: number,
  cols: number,
): void {
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
      out[r * cols + j] = s;
    }
  }
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
  out[o0] = s00 + c0; out[o0 + 1] = s01 + c1; out[o0 + 2] = s02 + c2; out[o0 + 3] = s03 + c3;
  out[o1] = s10 + c0; out[o1 + 1] = s11 + c1; out[o1 + 2] = s12 + c2; out[o1 + 3] = s13 + c3;
  out[o2] = s20 + c0; out[o2 + 1] = s21 + c1; out[o2 + 2] = s22 + c2; out[o2 + 3] = s23 + c3;
  out[o3] = s30 + c0; out[o3 + 1] = s31 + c1; out[o3 + 2] = s32 + c2; out[o3 + 3] = s33 + c3;
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
  out[o] = s0; out[o + 1] = s1; out[o + 2] = s2; out[o + 3] = s3;
}

/** Registers the kernel for tfjs-cpu once per process. */
export function registerDense(): void {
  registerStepKernel(DENSE, 'cpu', denseKernel);
}

/**
 * act(x · weightsTᵀ + bias): x [M, K], weightsT [N, K], bias [N] -> [M, N]; tfjs-cpu only.
 * `activation` 'linear' (none) or 'sigmoid'.
 */
export function dense(
  x: tf.Tensor2D,
  weightsT: tf.Tensor2D,
  bias: tf.Tensor1D | undefined,
  activation: DenseActivation,
): tf.Tensor2D {
  const inputs: tf.NamedTensorMap = bias ? { x, weightsT, bias } : { x, weightsT };
  const attrs: DenseAttrs = { activation };
  return tf.engine().runKernel(DENSE, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}
