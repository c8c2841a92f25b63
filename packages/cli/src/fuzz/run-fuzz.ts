/**
 * The fuzzing loop: for each target, `budget` inputs, each a seed mutated 1-3 times with the
 * target's mutator (deterministic for a seed), run through the importer with a time limit.
 * A failure is: an exception that is not an RnnkitError (a TypeError or RangeError surfacing as
 * INTERNAL), an RnnkitError whose cause is such an error (an internal failure wrapped), an
 * input that takes longer than the limit (a hang; async work is abandoned at the
 * limit, synchronous work is measured when it returns), or any change to Object.prototype.
 */
import { RnnkitError } from '@rnnkit/core';
import { FuzzRandom } from './fuzz-random.js';
import type { FuzzTarget } from './fuzz-targets.js';

export interface FuzzFailure {
  target: string;
  index: number;
  kind: 'exception' | 'hang' | 'prototype';
  detail: string;
  input: Uint8Array;
}

export interface FuzzTargetReport {
  target: string;
  inputs: number;
  accepted: number;
  /** RnnkitError codes of the refused inputs. */
  refused: Record<string, number>;
  failures: FuzzFailure[];
  slowestMs: number;
  seconds: number;
}

export interface FuzzOptions {
  budget: number;
  seed: number;
  timeLimitMs: number;
}

function prototypeSnapshot(): string {
  return Object.getOwnPropertyNames(Object.prototype).sort().join(',');
}

function hashName(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

export async function fuzzTarget(
  target: FuzzTarget,
  options: FuzzOptions,
): Promise<FuzzTargetReport> {
  const random = new FuzzRandom(options.seed ^ hashName(target.name));
  const seeds = target.seeds();
  const report: FuzzTargetReport = {
    target: target.name,
    inputs: 0,
    accepted: 0,
    refused: {},
    failures: [],
    slowestMs: 0,
    seconds: 0,
  };
  const baseline = prototypeSnapshot();
  const started = performance.now();
  for (let index = 0; index < options.budget; index++) {
    let input = random.pick(seeds);
    for (let round = 1 + random.below(3); round > 0; round--) input = target.mutate(input, random);
    report.inputs++;
    const begin = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (kind: FuzzFailure['kind'], detail: string) =>
      report.failures.push({ target: target.name, index, kind, detail, input });
    try {
      const outcome = await Promise.race([
        Promise.resolve()
          .then(() => target.run(input))
          .then(() => 'accepted' as const),
        new Promise<'hang'>((resolve) => {
          timer = setTimeout(() => resolve('hang'), options.timeLimitMs);
        }),
      ]);
      if (outcome === 'hang') fail('hang', `no result within ${options.timeLimitMs} ms`);
      else report.accepted++;
    } catch (error) {
      if (RnnkitError.isInstance(error)) {
        report.refused[error.code] = (report.refused[error.code] ?? 0) + 1;
        if (error.code === 'INTERNAL')
          fail('exception', `INTERNAL: ${error.message.slice(0, 300)}`);
        // A programming error wrapped into a clean-looking error is still a programming error.
        // (TextDecoder reports invalid UTF-8 as a TypeError: that one is the data's fault.)
        const cause = (error as { cause?: unknown }).cause;
        const decoding =
          cause instanceof TypeError && /encoded data was not valid/.test(cause.message);
        if (
          !decoding &&
          (cause instanceof TypeError ||
            cause instanceof RangeError ||
            cause instanceof ReferenceError)
        )
          fail('exception', `${error.code} wrapping ${cause.name}: ${cause.message.slice(0, 200)}`);
      } else {
        const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        fail('exception', text.slice(0, 300));
      }
    } finally {
      clearTimeout(timer);
    }
    const elapsed = performance.now() - begin;
    report.slowestMs = Math.max(report.slowestMs, elapsed);
    if (elapsed > options.timeLimitMs && !report.failures.some((f) => f.index === index))
      fail('hang', `took ${elapsed.toFixed(0)} ms (limit ${options.timeLimitMs} ms)`);
    if (prototypeSnapshot() !== baseline || ({} as Record<string, unknown>).h !== undefined) {
      fail('prototype', `Object.prototype changed: ${prototypeSnapshot()}`);
      break;
    }
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/** One line per target for logs and READMEs. */
export function formatReport(reports: FuzzTargetReport[]): string {
  const lines = [
    '| importer | inputs | accepted | refused (RnnkitError codes) | failures | slowest |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of reports) {
    const refused = Object.entries(r.refused)
      .sort()
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    lines.push(
      `| ${r.target} | ${r.inputs} | ${r.accepted} | ${refused || '-'} | ${r.failures.length} | ${r.slowestMs.toFixed(0)} ms |`,
    );
  }
  return lines.join('\n');
}
