/**
 * Time-boxed measurement: warm up, then run at least `minRuns` and at most `maxRuns` times or
 * until `budgetMs` has passed, and report the median. Benchmarks never fail on timing.
 */
export interface TimingOptions {
  warmup: number;
  minRuns: number;
  maxRuns: number;
  budgetMs: number;
}

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

/**
 * `firstRunMs`: how long an unmeasured first call (the output check) took. When even one call
 * overruns the budget, that call counts as the warm-up and a single timed run is taken, so a
 * slow backend (tfjs-cpu on batch 32) cannot blow the time box.
 */
export async function measure(
  run: () => Promise<unknown>,
  options: TimingOptions,
  firstRunMs = 0,
): Promise<Timing> {
  if (firstRunMs > options.budgetMs) options = { ...options, warmup: 0, minRuns: 1 };
  for (let i = 0; i < options.warmup; i++) await run();
  const samples: number[] = [];
  const start = performance.now();
  while (
    samples.length < options.minRuns ||
    (samples.length < options.maxRuns && performance.now() - start < options.budgetMs)
  ) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const mid = samples.length >> 1;
  const medianMs = samples.length % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
  return { medianMs, minMs: samples[0], maxMs: samples[samples.length - 1], runs: samples.length };
}
