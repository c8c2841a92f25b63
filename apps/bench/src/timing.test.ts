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
  it('alternates the two contenders call by call and times each', async () => {
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
    expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    expect([a.runs, b.runs]).toEqual([3, 3]);
  });
});
