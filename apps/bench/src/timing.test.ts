import { describe, expect, it } from 'vitest';
import { measure, measurePair } from './timing.js';

describe('measure', () => {
  it('takes at least minRuns and reports the median', async () => {
    let calls = 0;
    const t = await measure(
      async () => {
        calls++;
      },
      { warmup: 2, warmupMs: 0, minRuns: 3, maxRuns: 5, budgetMs: 10_000 },
    );
    expect(t.runs).toBe(5);
    expect(calls).toBe(7);
    expect(t.minMs).toBeLessThanOrEqual(t.medianMs);
  });

  it('warms up for at least warmupMs, however many runs that takes', async () => {
    let warmUpCalls = 0;
    const started = performance.now();
    await measure(
      async () => {
        if (performance.now() - started < 50) warmUpCalls++;
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
      { warmup: 1, warmupMs: 50, minRuns: 1, maxRuns: 1, budgetMs: 10_000 },
    );
    // One warm-up run takes ~1 ms, so 50 ms of warm-up is many runs, not the one asked for.
    expect(warmUpCalls).toBeGreaterThan(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
  });

  it('takes one timed run (and no warm-up) when a single call overran the budget', async () => {
    const slow = () => new Promise((resolve) => setTimeout(resolve, 3));
    const started = performance.now();
    const t = await measure(
      slow,
      { warmup: 3, warmupMs: 1000, minRuns: 5, maxRuns: 9, budgetMs: 1 },
      50,
    );
    expect(t.runs).toBe(1);
    // The 1,000 ms warm-up was skipped.
    expect(performance.now() - started).toBeLessThan(900);
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
      { warmup: 1, warmupMs: 0, minRuns: 3, maxRuns: 3, budgetMs: 10_000 },
    );
    // One warm-up round in order, then three rounds of one call each, in either order.
    expect(order.slice(0, 2)).toEqual(['a', 'b']);
    for (let round = 1; round < 4; round++)
      expect([...order.slice(2 * round, 2 * round + 2)].sort()).toEqual(['a', 'b']);
    expect([a.runs, b.runs]).toEqual([3, 3]);
  });
});
