// The library side of the `rnnkit` command: the backend registry, the conformance matrix runner
// and its reports, for the conformance app and for scripts.
export * from './backends/registry.js';
export * from './conformance/matrix.js';
export { runCell } from './conformance/run-cell.js';
export { type RunMatrixOptions, runMatrix } from './conformance/run-matrix.js';
export { formatMatrixHtml } from './report/html.js';
export { formatMatrixJson } from './report/json.js';
export { createProgress, type Progress } from './report/progress.js';
export { formatMatrixTable } from './report/table.js';
