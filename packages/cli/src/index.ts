// The `rnnkit` library: pick a backend, import any model, check it. The command line is a thin
// layer over these. Browser bundles get index-browser.ts (the `browser` export condition), and
// package.json's `browser` field swaps the Node-only modules underneath (file reading,
// onnxruntime-node, launching Chromium) for browser ones.

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
/** Runs cases in Chromium (Node only): loaded on demand, as it starts a browser. */
export { runInChromium as runInBrowser } from './backends/environment-node.js';
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
export type { ModelFileFormat } from './model-files/detect-format.js';
export type { Signature, SignatureEntry } from './model-files/signature.js';
export { formatMatrixHtml } from './report/html.js';
export { formatMatrixJson } from './report/json.js';
export { createProgress, type Progress } from './report/progress.js';
export { formatMatrixTable } from './report/table.js';
