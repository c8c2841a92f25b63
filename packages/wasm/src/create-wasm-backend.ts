/**
 * `createWasmBackend()`: backend id `rnnkit-wasm`, rnnkit's own WebAssembly SIMD kernels
 * (csrc/, compiled into src/engine/kernels-wasm.ts). It computes every feature of spec format
 * version 1, so `supports` says yes to every valid spec; where the runtime lacks WebAssembly
 * SIMD, `load` fails with BACKEND_UNAVAILABLE.
 */
import { type Backend, type Model, type Session, validateModel } from '@rnnkit/core';
import { kernelModule } from './engine/kernels.js';
import { WasmSession, type WasmSessionOptions } from './session.js';

export type WasmBackendOptions = WasmSessionOptions;

export function createWasmBackend(options: WasmBackendOptions = {}): Backend {
  return {
    id: 'rnnkit-wasm',
    supports: () => ({ supported: true }),
    async load(model: Model): Promise<Session> {
      validateModel(model);
      const module = await kernelModule();
      // The session copies the weights into its memory at once, so later edits of the caller's
      // map do not change what it computes.
      return new WasmSession(model, module, options);
    },
  };
}
