export { assembleRunResult } from './assemble-result.js';
export { prepareRunInputs } from './prepare-inputs.js';
export type { PreparedRun } from './prepared-run.js';
export { stepIndexProblem, stepPosition } from './step-index.js';
