import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import type { ModelSpec } from '../spec/types.js';
import { expectedWeights } from '../weights/canonical.js';
import { householderQr } from './householder-qr.js';
import { EMBEDDING_UNIFORM_LIMIT, initializeWeights } from './initialize-weights.js';
import { glorotUniform, orthogonal } from './initializers.js';
import { Random } from './random.js';

const featureSpec: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'x', type: 'features', size: 5 },
  layers: [
    {
      type: 'lstm',
      name: 'lstm',
      units: 8,
      returnSequences: true,
      recurrentBias: true,
      peepholes: true,
    },
    {
      type: 'gru',
      name: 'gru',
      units: 3,
      direction: 'bidirectional',
      resetAfter: true,
      returnSequences: true,
    },
    { type: 'simpleRnn', name: 'rnn', units: 6 },
    { type: 'dense', name: 'head', units: 2 },
  ],
  output: { name: 'y' },
};

const tokenSpec: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'tokens', type: 'tokens' },
  layers: [
    { type: 'embedding', name: 'embed', inputDim: 500, outputDim: 40 },
    { type: 'lstm', name: 'lstm', units: 4, useBias: false },
    { type: 'dense', name: 'wide', units: 300 },
  ],
  output: { name: 'y' },
};

/** A·Bᵀ for row-major A [n, k] and B [m, k], in float64. */
function timesTransposed(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
  m: number,
  k: number,
): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: m }, (_, j) => {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * k + p] * b[j * k + p];
      return sum;
    }),
  );
}

function transpose(data: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j];
  return out;
}

function maxDeviationFromIdentity(matrix: number[][]): number {
  let worst = 0;
  matrix.forEach((row, i) => {
    row.forEach((value, j) => {
      worst = Math.max(worst, Math.abs(value - (i === j ? 1 : 0)));
    });
  });
  return worst;
}

function stats(data: Float32Array): { min: number; max: number; mean: number; variance: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let sumSquares = 0;
  for (const value of data) {
    min = Math.min(min, value);
    max = Math.max(max, value);
    sum += value;
    sumSquares += value * value;
  }
  const mean = sum / data.length;
  return { min, max, mean, variance: sumSquares / data.length - mean * mean };
}

const get = (weights: ReturnType<typeof initializeWeights>, name: string) => {
  const tensor = weights.get(name);
  if (!tensor) throw new Error(`missing ${name}`);
  return tensor;
};

describe('initializeWeights', () => {
  it('gives every expected weight, in canonical order and shape', () => {
    for (const spec of [featureSpec, tokenSpec]) {
      const weights = initializeWeights(spec, { seed: 1 });
      const expected = expectedWeights(spec);
      expect([...weights.keys()]).toEqual(expected.map((w) => w.name));
      for (const { name, shape } of expected) {
        expect(get(weights, name).shape, name).toEqual(shape);
        expect(get(weights, name).data.length, name).toBe(shape.reduce((a, b) => a * b, 1));
      }
    }
  });

  it('is reproducible for a seed; different seeds differ', () => {
    const a = initializeWeights(featureSpec, { seed: 42 });
    const b = initializeWeights(featureSpec, { seed: 42 });
    const c = initializeWeights(featureSpec, { seed: 43 });
    const d = initializeWeights(featureSpec, { seed: 42 + 2 ** 32 });
    for (const name of a.keys()) expect(get(b, name).data, name).toEqual(get(a, name).data);
    for (const name of [
      'lstm/kernel',
      'lstm/recurrentKernel',
      'gru/forward/kernel',
      'head/kernel',
    ]) {
      expect(get(c, name).data, name).not.toEqual(get(a, name).data);
      expect(get(d, name).data, name).not.toEqual(get(a, name).data);
    }
    // The two directions of a bidirectional layer are independent draws.
    expect(get(a, 'gru/forward/kernel').data).not.toEqual(get(a, 'gru/backward/kernel').data);
  });

  it("keeps a layer's weights when other layers are added (streams are per tensor name)", () => {
    const smaller: ModelSpec = {
      ...featureSpec,
      layers: [featureSpec.layers[0], { type: 'dense', name: 'head', units: 2 }],
    };
    const full = initializeWeights(featureSpec, { seed: 9 });
    const reduced = initializeWeights(smaller, { seed: 9 });
    expect(get(reduced, 'lstm/kernel').data).toEqual(get(full, 'lstm/kernel').data);
    expect(get(reduced, 'lstm/recurrentKernel').data).toEqual(
      get(full, 'lstm/recurrentKernel').data,
    );
  });

  it('LSTM bias is zero except a unit forget-gate slice; other biases and peepholes are zero', () => {
    const weights = initializeWeights(featureSpec, { seed: 3 });
    const units = 8;
    const expectedBias = [
      ...Array(units).fill(0),
      ...Array(units).fill(1),
      ...Array(2 * units).fill(0),
    ];
    expect(Array.from(get(weights, 'lstm/bias').data)).toEqual(expectedBias);
    expect(get(weights, 'lstm/recurrentBias').data.every((v) => v === 0)).toBe(true);
    expect(get(weights, 'lstm/peephole').data.every((v) => v === 0)).toBe(true);
    expect(get(weights, 'gru/forward/bias').data.every((v) => v === 0)).toBe(true);
    expect(get(weights, 'rnn/bias').data.every((v) => v === 0)).toBe(true);
    expect(get(weights, 'head/bias').data.every((v) => v === 0)).toBe(true);
  });

  it('recurrent kernels [units, gates*units] have orthonormal rows (Keras Orthogonal); square ones are orthogonal', () => {
    const weights = initializeWeights(featureSpec, { seed: 11 });
    for (const [name, units, width] of [
      ['lstm/recurrentKernel', 8, 32],
      ['gru/forward/recurrentKernel', 3, 9],
      ['gru/backward/recurrentKernel', 3, 9],
      ['rnn/recurrentKernel', 6, 6],
    ] as const) {
      const w = get(weights, name).data;
      expect(
        maxDeviationFromIdentity(timesTransposed(w, w, units, units, width)),
        name,
      ).toBeLessThan(1e-6);
    }
    const square = get(weights, 'rnn/recurrentKernel').data;
    const squareT = transpose(square, 6, 6);
    expect(maxDeviationFromIdentity(timesTransposed(squareT, squareT, 6, 6, 6))).toBeLessThan(1e-6);
  });

  it('kernels are glorot uniform: within ±sqrt(6/(fanIn+fanOut)) with the uniform variance', () => {
    const weights = initializeWeights(tokenSpec, { seed: 5 });
    // dense 'wide': fanIn = 4 (lstm units), fanOut = 300.
    // LSTM kernel [40, 16]: fanIn 40, fanOut gates*units = 16 (Keras: the whole stacked kernel).
    for (const [name, fanIn, fanOut] of [
      ['wide/kernel', 4, 300],
      ['lstm/kernel', 40, 16],
    ] as const) {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const { min, max, variance } = stats(get(weights, name).data);
      expect(min, name).toBeGreaterThanOrEqual(-limit);
      expect(max, name).toBeLessThanOrEqual(limit);
      expect(max, name).toBeGreaterThan(0.9 * limit);
      expect(min, name).toBeLessThan(-0.9 * limit);
      expect(variance / ((limit * limit) / 3), name).toBeGreaterThan(0.85);
      expect(variance / ((limit * limit) / 3), name).toBeLessThan(1.15);
    }
    const big = glorotUniform([200, 300], new Random(1));
    const limit = Math.sqrt(6 / 500);
    const { min, max, mean, variance } = stats(big);
    expect(min).toBeGreaterThanOrEqual(-limit);
    expect(max).toBeLessThanOrEqual(limit);
    expect(Math.abs(mean)).toBeLessThan(0.01 * limit);
    expect(variance / ((limit * limit) / 3)).toBeCloseTo(1, 1);
  });

  it('embeddings are uniform(-0.05, 0.05)', () => {
    const weights = initializeWeights(tokenSpec, { seed: 6 });
    const { min, max, variance } = stats(get(weights, 'embed/embeddings').data);
    expect(EMBEDDING_UNIFORM_LIMIT).toBe(0.05);
    expect(min).toBeGreaterThanOrEqual(-0.05);
    expect(max).toBeLessThanOrEqual(0.05);
    expect(max).toBeGreaterThan(0.049);
    expect(variance / (0.05 ** 2 / 3)).toBeCloseTo(1, 1);
  });

  it('refuses an invalid spec with INVALID_SPEC before allocating', () => {
    const bad = {
      ...featureSpec,
      layers: [{ type: 'lstm', name: 'lstm', units: -4 }],
    } as ModelSpec;
    expect(() => initializeWeights(bad, { seed: 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_SPEC' }),
    );
  });

  it('refuses a seed that is not a safe integer', () => {
    for (const seed of [1.5, Number.NaN, 2 ** 60]) {
      try {
        initializeWeights(featureSpec, { seed });
        expect.unreachable();
      } catch (error) {
        expect(RnnkitError.isInstance(error) && error.path).toBe('seed');
      }
    }
  });
});

describe('orthogonal and householderQr', () => {
  it('QR of [[3, 1], [4, 2]] matches the hand computation after the sign correction', () => {
    // Gram-Schmidt by hand: q1 = (3, 4)/5, r11 = 5; r12 = 11/5; q2 = (-4, 3)/5, r22 = 2/5.
    const { q, rDiagonal } = householderQr(new Float64Array([3, 1, 4, 2]), 2, 2);
    const signs = Array.from(rDiagonal, Math.sign);
    const corrected = [q[0] * signs[0], q[1] * signs[1], q[2] * signs[0], q[3] * signs[1]];
    const expected = [0.6, -0.8, 0.8, 0.6];
    for (const [i, value] of corrected.entries()) expect(value).toBeCloseTo(expected[i], 14);
    expect(Math.abs(rDiagonal[0])).toBeCloseTo(5, 14);
    expect(Math.abs(rDiagonal[1])).toBeCloseTo(0.4, 14);
  });

  it('Q Qᵀ-reconstruction: Q R = A with Q orthonormal, for a tall random matrix', () => {
    const random = new Random(2);
    const rows = 12;
    const cols = 5;
    const a = Float64Array.from({ length: rows * cols }, () => random.normal());
    const { q } = householderQr(a, rows, cols);
    const qT = transpose(q, rows, cols);
    expect(maxDeviationFromIdentity(timesTransposed(qT, qT, cols, cols, rows))).toBeLessThan(1e-13);
    // R = Qᵀ A must be upper triangular, and Q R must give back A.
    const aT = transpose(a, rows, cols);
    const r = timesTransposed(qT, aT, cols, cols, rows);
    for (let i = 0; i < cols; i++)
      for (let j = 0; j < i; j++) expect(Math.abs(r[i][j])).toBeLessThan(1e-12);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        let sum = 0;
        for (let p = 0; p < cols; p++) sum += q[i * cols + p] * r[p][j];
        expect(sum).toBeCloseTo(a[i * cols + j], 12);
      }
    }
  });

  it('a tall [rows > cols] orthogonal matrix has orthonormal columns', () => {
    const w = orthogonal([10, 4], new Random(4));
    const wT = transpose(w, 10, 4);
    expect(maxDeviationFromIdentity(timesTransposed(wT, wT, 4, 4, 10))).toBeLessThan(1e-6);
  });
});
