export { createWasmBackend, type WasmBackendOptions } from './create-wasm-backend.js';
export { kernelModule } from './engine/kernels.js';
export { WasmSession } from './session.js';
