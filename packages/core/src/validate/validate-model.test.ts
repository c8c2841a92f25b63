import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import type { ModelSpec } from '../spec/types.js';
import type { Model, Weights } from '../weights/canonical.js';
import { validateModel } from './validate-model.js';

const spec: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'x', type: 'features', size: 2 },
  layers: [
    { type: 'gru', name: 'gru', units: 3, resetAfter: true, direction: 'bidirectional' },
    { type: 'dense', name: 'dense', units: 1 },
  ],
  output: { name: 'y' },
};

// Shapes written out by hand from the canonical layout (kernel [inputSize, 3*units] for a GRU;
// dense input = 2*units after a concat), not taken from expectedWeights.
function weights(): Weights {
  const w: Weights = new Map();
  const put = (name: string, shape: number[]) =>
    w.set(name, { shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.1) });
  for (const dir of ['forward', 'backward']) {
    put(`gru/${dir}/kernel`, [2, 9]);
    put(`gru/${dir}/recurrentKernel`, [3, 9]);
    put(`gru/${dir}/bias`, [9]);
  }
  put('dense/kernel', [6, 1]);
  put('dense/bias', [1]);
  return w;
}

function invalid(model: Model, code: string, path: string | undefined, message: RegExp): void {
  let caught: unknown;
  try {
    validateModel(model);
  } catch (error) {
    caught = error;
  }
  expect(RnnkitError.isInstance(caught)).toBe(true);
  const error = caught as RnnkitError;
  expect(error.code).toBe(code);
  expect(error.path).toBe(path);
  expect(error.message).toMatch(message);
}

describe('validateModel', () => {
  it('accepts a complete model', () => {
    expect(() => validateModel({ spec, weights: weights() })).not.toThrow();
  });

  it('validates the spec first', () => {
    invalid(
      { spec: { ...spec, formatVersion: 3 } as unknown as ModelSpec, weights: weights() },
      'INVALID_SPEC',
      '$.formatVersion',
      /not supported/,
    );
  });

  it('names a missing tensor and its expected shape', () => {
    const w = weights();
    w.delete('gru/backward/recurrentKernel');
    invalid(
      { spec, weights: w },
      'INVALID_WEIGHTS',
      'gru/backward/recurrentKernel',
      /missing \(expected shape \[3, 9\]\)/,
    );
  });

  it('names a tensor with the wrong shape, expected and found', () => {
    const w = weights();
    w.set('dense/kernel', { shape: [3, 1], data: new Float32Array(3) });
    invalid(
      { spec, weights: w },
      'INVALID_WEIGHTS',
      'dense/kernel',
      /expected shape \[6, 1\], found \[3, 1\]/,
    );
  });

  it('requires Float32Array data', () => {
    const w = weights();
    w.set('dense/bias', { shape: [1], data: new Float64Array(1) as unknown as Float32Array });
    invalid(
      { spec, weights: w },
      'INVALID_WEIGHTS',
      'dense/bias',
      /expected Float32Array data, found Float64Array/,
    );
  });

  it('requires data of the right length', () => {
    const w = weights();
    w.set('dense/bias', { shape: [1], data: new Float32Array(2) });
    invalid({ spec, weights: w }, 'INVALID_WEIGHTS', 'dense/bias', /expected 1 values .* found 2/);
  });

  it('requires finite values', () => {
    const w = weights();
    w.get('gru/forward/bias')!.data[4] = Number.NaN;
    invalid(
      { spec, weights: w },
      'INVALID_WEIGHTS',
      'gru/forward/bias',
      /NaN at flat index 4 is not finite/,
    );
    w.get('gru/forward/bias')!.data[4] = Number.POSITIVE_INFINITY;
    invalid({ spec, weights: w }, 'INVALID_WEIGHTS', 'gru/forward/bias', /Infinity/);
  });

  it('names unexpected extra tensors', () => {
    const w = weights();
    w.set('gru/forward/recurrentBias', { shape: [9], data: new Float32Array(9) });
    w.set('stray', { shape: [1], data: new Float32Array(1) });
    invalid(
      { spec, weights: w },
      'INVALID_WEIGHTS',
      'gru/forward/recurrentBias',
      /unexpected weight tensors 'gru\/forward\/recurrentBias', 'stray'/,
    );
  });

  it('requires a weights map', () => {
    invalid({ spec, weights: {} as Weights }, 'INVALID_WEIGHTS', 'weights', /expected a Map/);
  });
});
