export {
  createWasmBackend,
  type WasmBackend,
  type WasmBackendOptions,
} from './create-wasm-backend.js';
export {
  compiledKernels,
  type KernelVariant,
  kernelModule,
  type SimdPreference,
} from './engine/kernels.js';
export { WasmSession } from './session.js';
