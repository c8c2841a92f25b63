export { createOrtNodeBackend, type OrtNodeBackendOptions } from './create-ort-node-backend.js';
