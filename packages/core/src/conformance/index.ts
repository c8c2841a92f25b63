export {
  type CaseComparison,
  compareRunResult,
  type NamedComparison,
} from './compare-run-result.js';
export { type Comparison, compareTensors, describeComparison } from './compare-tensors.js';
export type { ConformanceCase, ConformanceSource } from './conformance-case.js';
export { definedOutputMask } from './defined-output-mask.js';
export { TOLERANCES, type Tolerance, type ToleranceOverride, toleranceFor } from './tolerances.js';
