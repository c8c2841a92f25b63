export type { OrtBackend, OrtModelSession } from '@rnnkit/onnx';
export {
  createOrtNodeBackend,
  type OrtNodeBackend,
  type OrtNodeBackendOptions,
  type OrtNodeModelSession,
  type SkippedProvider,
} from './create-ort-node-backend.js';
export type { ExecutionProvider } from './execution-providers.js';
export { placementsFromProfile } from './profile-placement.js';
