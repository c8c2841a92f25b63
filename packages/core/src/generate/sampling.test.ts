import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import { Random } from '../init/random.js';
import { drawToken, samplingDistribution } from './sampling.js';

const p = [0.5, 0.25, 0.15, 0.1];

function expectClose(actual: ArrayLike<number>, expected: readonly number[]) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 12);
}

describe('samplingDistribution (hand-computed distributions)', () => {
  it('keeps probabilities at temperature 1 and sharpens them as p^(1/T) below it', () => {
    expectClose(samplingDistribution(p, 'probabilities', { temperature: 1 }), p);
    // p^2 = .25, .0625, .0225, .01; sum .345
    expectClose(samplingDistribution(p, 'probabilities', { temperature: 0.5 }), [
      0.25 / 0.345,
      0.0625 / 0.345,
      0.0225 / 0.345,
      0.01 / 0.345,
    ]);
  });

  it('applies softmax(logits / T) to logits', () => {
    const e = Math.E;
    const sum = e * e + e + 1;
    expectClose(samplingDistribution([2, 1, 0], 'logits', { temperature: 1 }), [
      (e * e) / sum,
      e / sum,
      1 / sum,
    ]);
    // T = 2: exp(1), exp(0.5), exp(0)
    const s2 = e + Math.sqrt(e) + 1;
    expectClose(samplingDistribution([2, 1, 0], 'logits', { temperature: 2 }), [
      e / s2,
      Math.sqrt(e) / s2,
      1 / s2,
    ]);
  });

  it('is one-hot on the first maximum at temperature 0', () => {
    expectClose(
      samplingDistribution([0.1, 0.4, 0.4, 0.1], 'probabilities', { temperature: 0 }),
      [0, 1, 0, 0],
    );
    expectClose(samplingDistribution([-1, 3, 2], 'logits', { temperature: 0 }), [0, 1, 0]);
  });

  it('keeps exactly K ids with topK, the lower id winning ties', () => {
    expectClose(samplingDistribution(p, 'probabilities', { temperature: 1, topK: 2 }), [
      2 / 3,
      1 / 3,
      0,
      0,
    ]);
    expectClose(
      samplingDistribution([0.25, 0.25, 0.25, 0.25], 'probabilities', { temperature: 1, topK: 3 }),
      [1 / 3, 1 / 3, 1 / 3, 0],
    );
  });

  it('keeps the nucleus with topP: ids while the mass ranked before them is < topP', () => {
    // before: 0, .5, .75, .9
    expectClose(samplingDistribution(p, 'probabilities', { temperature: 1, topP: 0.7 }), [
      2 / 3,
      1 / 3,
      0,
      0,
    ]);
    expectClose(samplingDistribution(p, 'probabilities', { temperature: 1, topP: 0.8 }), [
      0.5 / 0.9,
      0.25 / 0.9,
      0.15 / 0.9,
      0,
    ]);
    // The top id always survives, however small topP is.
    expectClose(
      samplingDistribution(p, 'probabilities', { temperature: 1, topP: 0.01 }),
      [1, 0, 0, 0],
    );
    // topK first, then topP over the renormalised survivors: [2/3, 1/3] -> 2/3 >= 0.6 stops.
    expectClose(
      samplingDistribution(p, 'probabilities', { temperature: 1, topK: 2, topP: 0.6 }),
      [1, 0, 0, 0],
    );
  });

  it('refuses outputs that are not a distribution', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return RnnkitError.isInstance(error) ? error.code : 'not an RnnkitError';
      }
      return 'no error';
    };
    expect(code(() => samplingDistribution([0.5, 0.9], 'probabilities', { temperature: 1 }))).toBe(
      'INVALID_INPUT',
    );
    expect(code(() => samplingDistribution([1.5, -0.5], 'probabilities', { temperature: 1 }))).toBe(
      'INVALID_INPUT',
    );
    expect(code(() => samplingDistribution([0, Number.NaN], 'logits', { temperature: 1 }))).toBe(
      'INVALID_INPUT',
    );
  });
});

describe('drawToken', () => {
  it('draws with the exact frequencies (20,000 seeded draws, within 4.5 standard errors)', () => {
    const n = 20_000;
    for (const options of [
      { temperature: 1 },
      { temperature: 0.5 },
      { temperature: 1, topK: 3 },
      { temperature: 1, topP: 0.8 },
    ]) {
      const distribution = samplingDistribution(p, 'probabilities', options);
      const random = new Random(1234);
      const counts = new Array(p.length).fill(0);
      for (let i = 0; i < n; i++) counts[drawToken(distribution, random)]++;
      for (let id = 0; id < p.length; id++) {
        const q = distribution[id];
        const standardError = Math.sqrt((q * (1 - q)) / n);
        if (q === 0) expect(counts[id]).toBe(0);
        else expect(Math.abs(counts[id] / n - q)).toBeLessThan(4.5 * standardError);
      }
    }
  });

  it('is the same sequence for the same seed and a different one for another seed', () => {
    const distribution = samplingDistribution(p, 'probabilities', { temperature: 1 });
    const draws = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 50 }, () => drawToken(distribution, random));
    };
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7)).not.toEqual(draws(8));
  });
});
