export type { TfjsBackend, TfjsBackendOptions } from './create-tfjs-backend.js';
export { createTfjsBackend } from './create-tfjs-backend.js';
export type { TfjsBackendId, TfjsBackendName } from './engine/backend-names.js';
export { TFJS_BACKEND_NAMES } from './engine/backend-names.js';
export type { EngineOptions } from './engine/setup.js';
export type { Refusal, TfjsCapabilities } from './support.js';
export {
  findUnsupportedFeature,
  WASM_HEAP_LIMIT_BYTES,
  WEBGL_EXACT_INTEGER_LIMIT,
} from './support.js';
export type { TfjsTrainingEngine } from './training/create-tfjs-training-engine.js';
export { createTfjsTrainingEngine } from './training/create-tfjs-training-engine.js';
/** Registers tfjs's gradient functions (needed to train); BACKEND_UNAVAILABLE says what to install. */
export { registerGradients as registerTrainingGradients } from './training/register-gradients.js';
