/**
 * The conformance page's script (bundled for the browser when the package is built, and shipped
 * in dist/browser-page): fetches the cases the Node side serialised, and runs them on one browser
 * backend at a time, with the same cell runner Node uses. Exposed as `rnnkitConformance.run`.
 */
import type { Backend, BackendId } from '@rnnkit/core';
import { createEnvironmentBackend } from '../backends/environment-browser.js';
import type { MatrixCell } from '../conformance/matrix.js';
import { runCell } from '../conformance/run-cell.js';
import { casesFromWire } from './case-wire.js';

// Served by the runner's server next to this page: nothing is fetched from the network.
const wasmPathsOf = (id: BackendId) => (id.startsWith('ort-') ? '/ort/' : '/tfjs-wasm/');

let cases: ReturnType<typeof casesFromWire> | undefined;

async function loadCases() {
  cases ??= casesFromWire(await (await fetch('/cases.json')).text());
  return cases;
}

export interface PageRunResult {
  unavailable?: string;
  cells: MatrixCell[];
}

/** Runs cases [from, to) on one backend. The Node side calls it in slices to report progress. */
async function run(id: BackendId, from: number, to: number): Promise<PageRunResult> {
  const all = await loadCases();
  let backend: Backend;
  try {
    backend = await createEnvironmentBackend(id, { wasmPaths: wasmPathsOf(id) });
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error), cells: [] };
  }
  const cells: MatrixCell[] = [];
  for (const testCase of all.slice(from, to))
    cells.push(await runCell(testCase, backend, 'browser'));
  return { cells };
}

async function caseCount(): Promise<number> {
  return (await loadCases()).length;
}

/** What the page can use: the Node side records it in the report's environment line. */
function isolation(): string {
  return `crossOriginIsolated=${String(globalThis.crossOriginIsolated)}, cores=${navigator.hardwareConcurrency}`;
}

(globalThis as Record<string, unknown>).rnnkitConformance = { run, caseCount, isolation };
