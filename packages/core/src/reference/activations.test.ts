/** Each activation against its textbook definition, written out here. */
import { describe, expect, it } from 'vitest';
import type { Activation } from '../spec/types.js';
import { activateRows, scalarActivation } from './activations.js';

const points = [-3, -0.5, 0, 0.25, 2, 40, -40];

const definitions: [Activation, (x: number) => number][] = [
  ['linear', (x) => x],
  // biome-ignore lint/complexity/useMathMinMax: the textbook form, independent of the executor's
  ['relu', (x) => (x < 0 ? 0 : x)],
  ['tanh', (x) => (Math.exp(x) - Math.exp(-x)) / (Math.exp(x) + Math.exp(-x))],
  ['sigmoid', (x) => 1 / (1 + Math.exp(-x))],
  ['softsign', (x) => x / (1 + Math.abs(x))],
  ['softplus', (x) => Math.log(1 + Math.exp(x))],
  ['exponential', (x) => Math.exp(x)],
  [{ name: 'hardSigmoid', alpha: 0.2, beta: 0.5 }, (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5))],
  [{ name: 'hardSigmoid', alpha: 1 / 6, beta: 0.5 }, (x) => Math.min(6, Math.max(0, x + 3)) / 6],
  [{ name: 'leakyRelu', alpha: 0.3 }, (x) => (x < 0 ? 0.3 * x : x)],
  [{ name: 'thresholdedRelu', alpha: 1 }, (x) => (x > 1 ? x : 0)],
  [{ name: 'elu', alpha: 1.5 }, (x) => (x < 0 ? 1.5 * (Math.exp(x) - 1) : x)],
  [{ name: 'affine', alpha: 2, beta: -1 }, (x) => 2 * x - 1],
  [{ name: 'scaledTanh', alpha: 1.5, beta: 0.5 }, (x) => 1.5 * Math.tanh(0.5 * x)],
];

describe('activations', () => {
  for (const [activation, definition] of definitions) {
    it(JSON.stringify(activation), () => {
      const f = scalarActivation(activation);
      for (const x of points) {
        const expected = definition(x);
        // tanh's textbook form is NaN at ±40 (Infinity/Infinity); its limit is ±1.
        const want = Number.isNaN(expected) ? Math.sign(x) : expected;
        expect(f(x)).toBeCloseTo(want, 12);
      }
    });
  }

  it('sigmoid and softplus do not overflow', () => {
    expect(scalarActivation('sigmoid')(-1000)).toBe(0);
    expect(scalarActivation('sigmoid')(1000)).toBe(1);
    expect(scalarActivation('softplus')(1000)).toBe(1000);
  });

  it('softmax works per row, over the last axis, without overflow', () => {
    const rows = Float64Array.from([1, 2, 3, 1000, 1000, 1000]);
    activateRows(rows, 3, 'softmax');
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const sum = e[0] + e[1] + e[2];
    expect(rows[0]).toBeCloseTo(e[0] / sum, 14);
    expect(rows[2]).toBeCloseTo(e[2] / sum, 14);
    expect(rows[3]).toBeCloseTo(1 / 3, 14);
  });

  it('logSoftmax is log(softmax) per row, finite where softmax underflows', () => {
    const rows = Float64Array.from([1, 2, 3, 0, -1000, 0]);
    activateRows(rows, 3, 'logSoftmax');
    const log = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    expect(rows[0]).toBeCloseTo(1 - log, 14);
    expect(rows[2]).toBeCloseTo(3 - log, 14);
    // exp(-1000) underflows to 0, log(0) would be -Infinity: -1000 - log(2) instead.
    expect(rows[4]).toBeCloseTo(-1000 - Math.log(2), 10);
  });

  it('refuses softmax and logSoftmax as element-wise activations', () => {
    expect(() => scalarActivation('softmax')).toThrow(/dense/);
    expect(() => scalarActivation('logSoftmax')).toThrow(/dense/);
  });
});
