/**
 * `createWasmBackend()`: backend id `rnnkit-wasm`, rnnkit's own WebAssembly SIMD kernels
 * (csrc/, compiled into src/engine/kernels-wasm.ts and kernels-relaxed-wasm.ts). It computes
 * every feature of spec format version 1, so `supports` says yes to every valid spec; where the
 * runtime lacks WebAssembly SIMD, `load` fails with BACKEND_UNAVAILABLE.
 */
import { type Backend, type Model, validateModel } from '@rnnkit/core';
import {
  checkSimdPreference,
  compiledKernels,
  type KernelVariant,
  type SimdPreference,
} from './engine/kernels.js';
import { BackendThreads, checkThreads } from './engine/threads-option.js';
import { WasmSession, type WasmSessionOptions } from './session.js';

export interface WasmBackendOptions extends WasmSessionOptions {
  /**
   * Which build of the kernels to run: 'auto' (default) the relaxed-SIMD build where the runtime
   * validates it (Chromium; Node 20 only with --experimental-wasm-relaxed-simd), else SIMD128;
   * 'relaxed' or 'simd128' force one ('relaxed' fails with BACKEND_UNAVAILABLE where the runtime
   * lacks it). The relaxed build computes the products' multiply-adds fused where the CPU has
   * FMA, so its last bits differ from SIMD128's (both within the tolerance table).
   */
  simd?: SimdPreference;
  /**
   * Threads a session's `run()` may use (default 1): the calling thread plus threads - 1 worker
   * threads, started on the first load. A batch's products and recurrence are split by rows and
   * examples (batches of 8 or more); results are bit-identical to threads: 1. `runSync` always
   * runs on the calling thread. In browsers, threads > 1 needs a cross-origin isolated page
   * (else `load` fails with BACKEND_UNAVAILABLE).
   */
  threads?: number;
}

export interface WasmBackend extends Backend {
  readonly id: 'rnnkit-wasm';
  load(model: Model): Promise<WasmSession>;
  /** The build `load` uses here (compiles it; BACKEND_UNAVAILABLE like `load`). */
  kernelVariant(): Promise<KernelVariant>;
}

export function createWasmBackend(options: WasmBackendOptions = {}): WasmBackend {
  const simd = checkSimdPreference(options.simd ?? 'auto');
  const threads = checkThreads(options.threads === undefined ? 1 : options.threads);
  const threading = threads > 1 ? new BackendThreads(threads, simd) : undefined;
  return {
    id: 'rnnkit-wasm',
    supports: () => ({ supported: true }),
    async load(model: Model): Promise<WasmSession> {
      validateModel(model);
      if (threading)
        return new WasmSession(model, undefined, options, await threading.forLoad()).ready();
      const kernels = await compiledKernels(simd);
      // The session copies the weights into its memory at once, so later edits of the caller's
      // map do not change what it computes.
      return new WasmSession(model, kernels, options);
    },
    async kernelVariant(): Promise<KernelVariant> {
      return (await compiledKernels(simd)).variant;
    },
  };
}
