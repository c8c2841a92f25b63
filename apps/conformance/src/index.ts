// The conformance suite as a library, for `rnnkit conformance`.
export { buildCorpus, type CorpusOptions } from './corpus/index.js';
export {
  BROWSER_BACKEND_IDS,
  type ConformanceOptions,
  type ConformanceResult,
  runConformance,
} from './run-conformance.js';
