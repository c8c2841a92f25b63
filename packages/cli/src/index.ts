// The `rnnkit` library: pick a backend, import any model, check it. The command line is a thin
// layer over these. In browser bundles, package.json's `browser` field swaps the Node-only parts
// (file reading, onnxruntime-node, launching Chromium) for browser ones.

// The parts the CLI and the conformance app share: the backend registry, the matrix runner
// and its reports, the browser runner.
export * from './backends/registry.js';
export { casesFromWire, casesToWire } from './browser/case-wire.js';
export { chromiumPath } from './browser/chromium.js';
export type { BrowserRunResult } from './browser/run-in-browser.js';
export * from './conformance/matrix.js';
export { runCell } from './conformance/run-cell.js';
export { type RunMatrixOptions, runMatrix } from './conformance/run-matrix.js';
export { type CreateBackendOptions, createBackend } from './library/create-backend.js';
export { type LoadedModel, type LoadModelOptions, loadModel } from './library/load-model.js';
export {
  BROWSER_BACKEND_IDS,
  type ConformanceResult,
  type RunConformanceOptions,
  runConformance,
} from './library/run-conformance.js';
// The core pieces a script using these needs, so `rnnkit` alone is enough to import.
export {
  type Backend,
  type BackendId,
  float32Tensor,
  int32Tensor,
  type NamedTensors,
  RnnkitError,
  type Session,
  type Tensor,
  toNumbers,
} from '@rnnkit/core';
export type { ModelFileFormat } from './model-files/detect-format.js';
export type { Signature, SignatureEntry } from './model-files/signature.js';
export { formatMatrixHtml } from './report/html.js';
export { formatMatrixJson } from './report/json.js';
export { createProgress, type Progress } from './report/progress.js';
export { formatMatrixTable } from './report/table.js';

/** Runs cases in Chromium (Node only): loaded on demand, as it starts a browser. */
export async function runInBrowser(
  ...args: Parameters<typeof import('./browser/run-in-browser.js').runInBrowser>
) {
  const { runInBrowser: run } = await import('./browser/run-in-browser.js');
  return run(...args);
}
