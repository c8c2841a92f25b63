export type { ScalarFunction } from './activations.js';
export {
  activateRows,
  scalarActivation,
  sigmoid,
  softmaxInPlace,
  softplus,
} from './activations.js';
export { createReferenceBackend } from './reference-backend.js';
export { executeReference, runReference } from './run-reference.js';
