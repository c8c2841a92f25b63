/**
 * The whole suite as a function: build the corpus (or take given cases) and run it through
 * rnnkit's `runConformance` on the Node backends and, when asked, in Chromium.
 */
import type { BackendId } from '@rnnkit/core';
import { type ConformanceResult, type MatrixCase, runConformance as runCases } from 'rnnkit';
import { buildCorpus, type CorpusOptions } from './corpus/index.js';

export { BROWSER_BACKEND_IDS, type ConformanceResult } from 'rnnkit';

export interface ConformanceOptions extends CorpusOptions {
  /** Backend ids; default every Node backend, plus every browser backend with `browser`. */
  backends?: readonly BackendId[];
  /** Also run the browser backends in Debian's Chromium (default false). */
  browser?: boolean;
  /** Run these cases instead of the bundled corpus. */
  cases?: readonly MatrixCase[];
  onCell?: (done: number, total: number, label: string) => void;
}

export async function runConformance(options: ConformanceOptions = {}): Promise<ConformanceResult> {
  const cases = options.cases ?? (await buildCorpus(options));
  return runCases({
    cases,
    backends: options.backends,
    browser: options.browser,
    onCell: options.onCell,
  });
}
