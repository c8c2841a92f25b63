export {
  createOrtBackend,
  type OrtBackend,
  type OrtBackendOptions,
  type PlacementProbe,
} from './ort-backend.js';
export { OrtModelSession } from './ort-model-session.js';
export type {
  OrtInferenceSession,
  OrtModule,
  OrtRunOptions,
  OrtSessionOptions,
  OrtTensor,
} from './ort-module.js';
export { createOrtSession } from './ort-session.js';
export { ortSupport, type ProviderLimits } from './ort-support.js';
export { parsePlacements } from './placement.js';
export { stateInputName, stateOutputName } from './state-names.js';
