import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DenseActivation, dense, registerDense } from './dense-kernel.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerDense();
});

/** Deterministic values in [-scale, scale). */
function seeded(length: number, seed: number, scale: number): Float32Array {
  let state = seed;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = (state / 2147483648 - 0.5) * 2 * scale;
  }
  return out;
}

/** The textbook form: float64 triple loop, Math.exp. */
function reference(
  x: Float32Array,
  weightsT: Float32Array,
  bias: Float32Array | undefined,
  [m, k, n]: number[],
  activation: DenseActivation = 'sigmoid',
): Float64Array {
  const out = new Float64Array(m * n);
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < n; c++) {
      let z = bias ? bias[c] : 0;
      for (let i = 0; i < k; i++) z += x[r * k + i] * weightsT[c * k + i];
      out[r * n + c] = activation === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : z;
    }
  }
  return out;
}

function run(
  x: Float32Array,
  weightsT: Float32Array,
  bias: Float32Array | undefined,
  [m, k, n]: number[],
  activation: DenseActivation = 'sigmoid',
): tf.Tensor2D {
  return tf.tidy(() =>
    dense(
      tf.tensor2d(x, [m, k]),
      tf.tensor2d(weightsT, [n, k]),
      bias && tf.tensor1d(bias),
      activation,
    ),
  );
}

describe('dense (tfjs-cpu)', () => {
  const shapes = [
    [1, 192, 512],
    [32, 192, 512],
    [5, 7, 9],
    [3, 1, 6],
    [4, 4, 4],
  ];
  const cases = shapes.flatMap((shape) =>
    (['sigmoid', 'linear'] as const).flatMap((activation) => [
      [shape, true, activation],
      [shape, false, activation],
    ]),
  ) as [number[], boolean, DenseActivation][];

  it.each(cases)(
    '[M, K] x [N] = %j, bias %s, %s: matches a float64 reference',
    (shape, withBias, activation) => {
      const [m, k, n] = shape;
      // Sums of K products of this scale spread over the sigmoid's whole working range.
      const x = seeded(m * k, 1, 1);
      const weightsT = seeded(n * k, 2, 2 / Math.sqrt(k));
      const bias = withBias ? seeded(n, 3, 1) : undefined;
      const out = run(x, weightsT, bias, shape, activation);
      expect(out.dtype).toBe('float32');
      expect(out.shape).toEqual([m, n]);
      const got = out.dataSync();
      const want = reference(x, weightsT, bias, shape, activation);
      let worst = 0;
      for (let i = 0; i < want.length; i++) {
        // float32 outputs: relative to max(1, |value|) for the unbounded linear ones
        const error = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
        worst = Math.max(worst, error);
      }
      expect(worst).toBeLessThan(1e-6);
      out.dispose();
    },
  );

  it('propagates NaN to the row (from x) and the column (from the weights) it touches', () => {
    const shape = [5, 7, 9];
    const [m, k, n] = shape;
    const x = seeded(m * k, 4, 1);
    const weightsT = seeded(n * k, 5, 0.5);
    x[1 * k + 3] = Number.NaN; // row 1: inside a 4x4 tile
    x[4 * k] = Number.NaN; // row 4: a leftover row
    weightsT[2 * k + 6] = Number.NaN; // column 2: inside a tile
    weightsT[8 * k + 1] = Number.NaN; // column 8: a leftover column
    const got = run(x, weightsT, seeded(n, 6, 1), shape).dataSync();
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < n; c++) {
        const poisoned = r === 1 || r === 4 || c === 2 || c === 8;
        expect(Number.isNaN(got[r * n + c]), `[${r}, ${c}]`).toBe(poisoned);
      }
    }
  });

  it('saturates to 0 and 1 without NaN at ±1e4', () => {
    // Shape [5, 1] x [6]: tiles, leftover rows and a leftover column.
    const x = Float32Array.from([1e4, -1e4, 1e4, -1e4, 1e4]);
    const weightsT = Float32Array.from([1, 1, 1, 1, 1, -1]);
    const got = run(x, weightsT, new Float32Array(6), [5, 1, 6]).dataSync();
    for (let r = 0; r < 5; r++) {
      for (let c = 0; c < 6; c++) {
        const value = got[r * 6 + c];
        if (x[r] * weightsT[c] > 0) expect(value).toBe(1);
        else {
          // 1 / (1 + e^88) ~ 6e-39 (fastExp clamps at 88): a float32 subnormal, not NaN.
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(1e-30);
        }
      }
    }
  });
});
