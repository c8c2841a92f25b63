/**
 * The tfjs-cpu training kernels (RnnkitMatMul, RnnkitSplitColumns) and their gradients against
 * plain float64 loops written here, at shapes that exercise the 4x4 tiles and every leftover
 * path (rows and columns not multiples of 4, one column, one row).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { withActiveBackend } from '../../engine/exclusive.js';
import { setUpTfjsBackend } from '../../engine/setup.js';
import { registerGradients } from '../register-gradients.js';
import { matMul } from './mat-mul.js';
import { registerTrainingKernels } from './register-training-kernels.js';
import { splitColumns } from './split-columns.js';

function values(count: number, seed: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => Math.sin(seed * 7.1 + i * 1.37) * 1.5);
}

/** a [m, k] · b [k, n] in float64. */
function product(a: Float32Array, b: Float32Array, m: number, k: number, n: number): number[] {
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++)
      for (let d = 0; d < k; d++) out[i * n + j] += a[i * k + d] * b[d * n + j];
  return out;
}

function transpose(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c];
  return out;
}

function expectNear(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  }
  expect(worst).toBeLessThan(1e-5);
}

describe('tfjs-cpu training kernels', () => {
  beforeAll(async () => {
    await setUpTfjsBackend('cpu');
    await registerGradients('tfjs-cpu');
    await withActiveBackend('cpu', () => registerTrainingKernels('cpu'));
  });

  for (const [m, k, n] of [
    [32, 128, 512],
    [7, 5, 9],
    [1, 3, 1],
    [6, 33, 2],
  ]) {
    it(`matMul [${m}, ${k}] x [${k}, ${n}] and its gradients`, async () => {
      const a = values(m * k, m);
      const b = values(k * n, n);
      const dy = values(m * n, k);
      const [out, da, db, kernelUsed] = await withActiveBackend('cpu', async () => {
        const ta = tf.tensor2d(a, [m, k]);
        const tb = tf.tensor2d(b, [k, n]);
        const tdy = tf.tensor2d(dy, [m, n]);
        // sum(out * dy) has gradients dy·bᵀ and aᵀ·dy.
        const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
          tf.sum(tf.mul(matMul(x as tf.Tensor2D, y as tf.Tensor2D), tdy)),
        );
        const [ga, gb] = grads([ta, tb]);
        const profile = await tf.profile(() => matMul(ta, tb));
        const result = [
          await matMul(ta, tb).data(),
          await ga.data(),
          await gb.data(),
          profile.kernelNames.includes('RnnkitMatMul'),
        ] as const;
        tf.dispose([ta, tb, tdy, ga, gb]);
        return result;
      });
      expect(kernelUsed).toBe(true);
      expectNear(out, product(a, b, m, k, n));
      expectNear(da, product(dy, transpose(b, k, n), m, n, k));
      expectNear(db, product(transpose(a, m, k), dy, k, m, n));
    });
  }

  it('splitColumns: blocks of each row, gradient back in place', async () => {
    const rows = 5;
    const sizes = [3, 1, 4];
    const cols = 8;
    const x = values(rows * cols, 3);
    const [blocks, grad, kernelUsed] = await withActiveBackend('cpu', async () => {
      const tx = tf.tensor2d(x, [rows, cols]);
      // Weights per block so each gradient column says which block it came from.
      const g = tf.grad((input: tf.Tensor) => {
        const parts = splitColumns(input, sizes);
        return tf.addN(parts.map((p, i) => tf.mul(tf.sum(p), i + 1)));
      });
      const profile = await tf.profile(() => splitColumns(tx, sizes));
      const parts = splitColumns(tx, sizes);
      const result = [
        await Promise.all(parts.map((p) => p.data())),
        await g(tx).data(),
        profile.kernelNames.includes('RnnkitSplitColumns'),
      ] as const;
      tf.dispose([tx, ...parts]);
      return result;
    });
    expect(kernelUsed).toBe(true);
    let start = 0;
    sizes.forEach((size, i) => {
      const expected: number[] = [];
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < size; c++) expected.push(x[r * cols + start + c]);
      expectNear(blocks[i], expected);
      start += size;
    });
    const expectedGrad = Array.from({ length: rows * cols }, (_, i) => {
      const c = i % cols;
      return c < 3 ? 1 : c < 4 ? 2 : 3;
    });
    expectNear(grad, expectedGrad);
  });
});
