export type { OrtBackend, OrtModelSession } from '@rnnkit/onnx';
export { createOrtWebBackend, type OrtWebBackendOptions } from './create-ort-web-backend.js';
