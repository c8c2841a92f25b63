export { createOrtWebBackend, type OrtWebBackendOptions } from './create-ort-web-backend.js';
