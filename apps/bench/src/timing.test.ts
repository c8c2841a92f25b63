import { describe, expect, it } from 'vitest';
import { measure, measurePair } from './timing.js';

describe('measure', () => {
  it('takes at least minRuns and reports the median', async () => {
    let calls = 0;
    const t = await measure(
      async () => {
        calls++;
      },
      { warmup: 2, minRuns: 3, maxRuns: 5, budgetMs: 10_000 },
    );
    expect(t.runs).toBe(5);
    expect(calls).toBe(7);
    expect(t.minMs).toBeLessThanOrEqual(t.medianMs);
  });

  it('takes one timed run when a single call overran the budget', async () => {
    const slow = () => new Promise((resolve) => setTimeout(resolve, 3));
    const t = await measure(slow, { warmup: 3, minRuns: 5, maxRuns: 9, budgetMs: 1 }, 50);
    expect(t.runs).toBe(1);
  });
});

describe('measurePair', () => {
  it('alternates the two contenders call by call, in a random order each round', async () => {
    const order: string[] = [];
    const [a, b] = await measurePair(
      async () => {
        order.push('a');
      },
      async () => {
        order.push('b');
      },
      { warmup: 1, minRuns: 3, maxRuns: 3, budgetMs: 10_000 },
    );
    // One warm-up round in order, then three rounds of one call each, in either order.
    expect(order.slice(0, 2)).toEqual(['a', 'b']);
    for (let round = 1; round < 4; round++)
      expect([...order.slice(2 * round, 2 * round + 2)].sort()).toEqual(['a', 'b']);
    expect([a.runs, b.runs]).toEqual([3, 3]);
  });
});
