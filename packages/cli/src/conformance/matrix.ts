/**
 * The conformance matrix: every case on every backend, each cell a pass, a fail (with the worst
 * error and where), a skip (the backend refused a named feature at load) or an error.
 */
import type { BackendId, ConformanceCase, NamedTensors, Tolerance } from '@rnnkit/core';

/**
 * A case may first feed `leadingChunks` through the session, carrying the backend's own final
 * state into the next call, so streaming is checked on every backend with its own state.
 * `inputs` is then the last chunk and `expected` its outputs when the whole sequence runs at once.
 */
export interface MatrixCase extends ConformanceCase {
  leadingChunks?: NamedTensors[];
  /** Corpus group for reports: 'article', 'onnx-node', 'generated', ... */
  group: string;
}

export type CellStatus = 'pass' | 'fail' | 'skip' | 'error';

export interface OutputDetail {
  name: string;
  pass: boolean;
  maxAbsError: number;
  mismatches: number;
  checked: number;
  worstIndex: number;
  problem?: string;
}

export type BackendEnvironment = 'node' | 'browser';

export interface MatrixCell {
  caseId: string;
  backend: BackendId;
  /** Node, or the Chromium page: tfjs-cpu runs in both and is reported once for each. */
  environment: BackendEnvironment;
  status: CellStatus;
  /** Largest |actual - expected| over all compared outputs (NaN when nothing was compared). */
  maxAbsError: number;
  /** For skips: the feature refused; for errors: the error code and message. */
  reason?: string;
  tolerance?: Tolerance;
  outputs?: OutputDetail[];
  milliseconds: number;
}

export interface MatrixBackend {
  id: BackendId;
  environment: BackendEnvironment;
  /** Set when the backend could not start at all (every cell of it is then skipped with this). */
  unavailable?: string;
}

export interface MatrixReport {
  createdAt: string;
  environment: string;
  backends: MatrixBackend[];
  cases: { id: string; group: string; description: string; source: string }[];
  cells: MatrixCell[];
}

export interface MatrixSummary {
  pass: number;
  fail: number;
  skip: number;
  error: number;
}

export function summarize(cells: readonly MatrixCell[]): MatrixSummary {
  const summary: MatrixSummary = { pass: 0, fail: 0, skip: 0, error: 0 };
  for (const cell of cells) summary[cell.status]++;
  return summary;
}

/** A matrix passes when nothing failed or errored; skips carry their reasons and do not fail it. */
export function matrixPassed(report: MatrixReport): boolean {
  return report.cells.every((cell) => cell.status === 'pass' || cell.status === 'skip');
}

/** Column key and label of a backend in one environment: `tfjs-cpu`, `tfjs-cpu (browser)`. */
export function columnKey(backend: BackendId, environment: BackendEnvironment): string {
  return environment === 'node' ? backend : `${backend} (browser)`;
}
