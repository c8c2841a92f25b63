/**
 * The whole suite as a function: build the corpus (or take given cases), run it on the Node
 * backends and, when asked, in Chromium, and return one merged report.
 * Used by this app's main and by `rnnkit conformance`.
 */
import type { BackendId } from '@rnnkit/core';
import {
  type MatrixCase,
  type MatrixReport,
  matrixPassed,
  NODE_BACKEND_IDS,
  runMatrix,
} from 'rnnkit';
import { buildCorpus, type CorpusOptions } from './corpus/index.js';

export interface ConformanceOptions extends CorpusOptions {
  /** Backend ids; default every Node backend, plus every browser backend with `browser`. */
  backends?: readonly BackendId[];
  /** Also run the browser backends in Debian's Chromium (default false). */
  browser?: boolean;
  /** Run these cases instead of the bundled corpus. */
  cases?: readonly MatrixCase[];
  onCell?: (done: number, total: number, label: string) => void;
}

export interface ConformanceResult {
  report: MatrixReport;
  passed: boolean;
}

export const BROWSER_BACKEND_IDS: readonly BackendId[] = [
  'tfjs-cpu',
  'tfjs-wasm',
  'tfjs-webgl',
  'tfjs-webgpu',
  'ort-web-wasm',
  'ort-web-webgpu',
  'rnnkit-wasm',
];

export async function runConformance(options: ConformanceOptions = {}): Promise<ConformanceResult> {
  const cases = options.cases ?? (await buildCorpus(options));
  const nodeIds = (options.backends ?? NODE_BACKEND_IDS).filter((id) =>
    (NODE_BACKEND_IDS as readonly string[]).includes(id),
  );
  const report = await runMatrix(cases, {
    backends: nodeIds,
    onCell: (done, total, cell) => options.onCell?.(done, total, `${cell.backend} ${cell.caseId}`),
  });
  if (options.browser) {
    const browserIds = (options.backends ?? BROWSER_BACKEND_IDS).filter((id) =>
      BROWSER_BACKEND_IDS.includes(id),
    );
    const { runInBrowser } = await import('./browser/run-in-browser.js');
    const browserReport = await runInBrowser(cases, browserIds, options.onCell);
    report.backends.push(...browserReport.backends);
    if (browserReport.environment) report.environment += `; ${browserReport.environment}`;
    report.cells.push(...browserReport.cells);
  }
  return { report, passed: matrixPassed(report) };
}
