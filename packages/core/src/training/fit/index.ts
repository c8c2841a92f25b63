export { batchIndices, epochOrder, sliceInputs, takeAlong } from './batching.js';
export { checkTrainingData } from './check-data.js';
export { parseCheckpoint, serializeCheckpoint } from './checkpoint-json.js';
export { fit, isTrainingDiverged, type TrainingDivergedDetails } from './fit.js';
export type {
  BatchEndInfo,
  EpochEndInfo,
  FitOptions,
  FitResult,
  History,
  TrainingCheckpoint,
  TrainingData,
} from './fit-types.js';
