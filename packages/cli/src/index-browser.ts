// The `rnnkit` library in browser bundles (the `browser` condition of package.json's exports):
// the same loadModel / createBackend / runConformance as in Node, without what only Node has
// (the CLI's backend listing, Chromium, progress on stderr).

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
export { casesFromWire, casesToWire } from './browser/case-wire.js';
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
export { formatMatrixTable } from './report/table.js';
