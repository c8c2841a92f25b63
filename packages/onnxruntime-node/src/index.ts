export type { OrtBackend, OrtModelSession } from '@rnnkit/onnx';
export { createOrtNodeBackend, type OrtNodeBackendOptions } from './create-ort-node-backend.js';
