/**
 * Time-boxed measurement: warm up, then run at least `minRuns` and at most `maxRuns` times or
 * until `budgetMs` has passed, and report the median. Benchmarks never fail on timing.
 */
import { random } from './inputs.js';

export interface TimingOptions {
  /** Warm-up runs: at least this many... */
  warmup: number;
  /**
   * ...and for at least this long. V8 optimises a function only after many calls: 128 streaming
   * tokens of warm-up left rnnkit's run path (more JavaScript than a hand-written ORT call)
   * partly unoptimised, and quick runs measured it at 1.19-1.28x of raw ORT where a warm
   * process measures 1.02-1.05x; ~0.5 s of warm-up gave 1.02-1.03x.
   */
  warmupMs: number;
  minRuns: number;
  maxRuns: number;
  budgetMs: number;
}

/** Runs `warmUp` until both the run count and the time of `options` are reached. */
async function warmUpFor(options: TimingOptions, warmUp: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < options.warmup || performance.now() - start < options.warmupMs; i++) {
    await warmUp();
  }
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
  if (firstRunMs > options.budgetMs) options = { ...options, warmup: 0, warmupMs: 0, minRuns: 1 };
  await warmUpFor(options, run);
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
  return summarize(samples);
}

/**
 * ~64 KB of short-lived objects, made before every timed call of either contender, outside its
 * window: what any program does between calls. It keeps V8 in the regime a real program is in.
 * Without it, on the article GRU LM (a 16 MB output per call) V8 freed outputs with cheap
 * scavenges on the side that allocates more small objects (hand-driven ORT: new ort.Tensor and
 * zero-state arrays every call) and with mark-compacts on the leaner side (rnnkit reuses its
 * buffers): 94 against 59 mark-compacts over the same calls, and rnnkit at 1.2x of raw ORT on
 * the very same session. Adding these objects to rnnkit's calls alone gave 0.96-1.02x.
 */
function allocateLikeAnApp(): void {
  const objects: { index: number }[] = [];
  for (let index = 0; index < 2000; index++) objects.push({ index });
  // Kept until the next call replaces it, so the compiler cannot skip making it.
  appObjects.last = objects;
}
const appObjects: { last: unknown[] } = { last: [] };

/**
 * Times two contenders alternately, call by call, so both see the same machine load: on a shared
 * machine, timing all of A and then all of B lets a burst of load land on one side only.
 * Which of the two goes first in each round is a coin toss (seeded): with a strict A, B, A, B
 * rhythm a periodic pause (a major GC every few calls when each call frees a 16 MB output) could
 * lock onto one side's timed calls. Warm-up alternates too. Budget and run limits apply to A's
 * timed calls.
 */
export async function measurePair(
  runA: () => Promise<unknown>,
  runB: () => Promise<unknown>,
  options: TimingOptions,
  firstRunMs = 0,
): Promise<[Timing, Timing]> {
  if (firstRunMs > options.budgetMs) options = { ...options, warmup: 0, warmupMs: 0, minRuns: 1 };
  await warmUpFor(options, async () => {
    await runA();
    await runB();
  });
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  const timed = async (run: () => Promise<unknown>, samples: number[]) => {
    allocateLikeAnApp();
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  };
  const coin = random(20261128);
  const start = performance.now();
  while (
    samplesA.length < options.minRuns ||
    (samplesA.length < options.maxRuns && performance.now() - start < 2 * options.budgetMs)
  ) {
    if (coin() < 0.5) {
      await timed(runA, samplesA);
      await timed(runB, samplesB);
    } else {
      await timed(runB, samplesB);
      await timed(runA, samplesA);
    }
  }
  return [summarize(samplesA), summarize(samplesB)];
}

function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { medianMs, minMs: sorted[0], maxMs: sorted[sorted.length - 1], runs: sorted.length };
}
