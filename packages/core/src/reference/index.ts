export type { ScalarFunction } from './activations.js';
export {
  activateRows,
  scalarActivation,
  sigmoid,
  softmaxInPlace,
  softplus,
} from './activations.js';
export type { Cell, CellState } from './cell.js';
export type { CellWeights } from './cell-weights.js';
export { cellWeights } from './cell-weights.js';
export { gruCell } from './gru-cell.js';
export { lstmCell } from './lstm-cell.js';
export { createReferenceBackend } from './reference-backend.js';
export { executeReference, runReference } from './run-reference.js';
export { simpleRnnCell } from './simple-rnn-cell.js';
