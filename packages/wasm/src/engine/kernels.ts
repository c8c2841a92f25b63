/**
 * The compiled kernels: the WebAssembly module is compiled once per process (or page) and
 * instantiated once per session, each instance over its own memory, so a session's weights and
 * state never share an address space with another's and disposing one frees all of it.
 */
import { RnnkitError } from '@rnnkit/core';
import { KERNELS_WASM } from './kernels-wasm.js';

/** The C exports (csrc/*.c); pointers are byte offsets into the session's memory. */
export interface KernelExports {
  gemm(
    out: number,
    ldo: number,
    a: number,
    lda: number,
    m: number,
    k: number,
    panels: number,
    n: number,
    bias: number,
  ): void;
  pack_panels(dst: number, w: number, ldw: number, k: number, n: number): void;
  recurrent_run(job: number): void;
  embedding_gather(out: number, table: number, ids: number, count: number, dim: number): void;
  activate(x: number, count: number, code: number, alpha: number, beta: number): void;
  softmax_rows(x: number, rows: number, width: number): void;
  merge(out: number, a: number, b: number, count: number, mode: number): void;
  __heap_base: WebAssembly.Global;
}

export function kernelBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(KERNELS_WASM);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

let compiled: Promise<WebAssembly.Module> | undefined;

/** The compiled module; BACKEND_UNAVAILABLE where the runtime has no WebAssembly SIMD. */
export function kernelModule(): Promise<WebAssembly.Module> {
  compiled ??= (async () => {
    if (typeof WebAssembly !== 'object') {
      throw new RnnkitError('BACKEND_UNAVAILABLE', 'rnnkit-wasm needs WebAssembly', {
        backend: 'rnnkit-wasm',
      });
    }
    const bytes = kernelBytes();
    if (!WebAssembly.validate(bytes)) {
      throw new RnnkitError(
        'BACKEND_UNAVAILABLE',
        'rnnkit-wasm needs WebAssembly SIMD128 (and bulk memory), which this runtime does not have',
        { backend: 'rnnkit-wasm' },
      );
    }
    return WebAssembly.compile(bytes);
  })();
  // A failed compile is not cached: the next load reports it again rather than a stale promise.
  compiled.catch(() => {
    compiled = undefined;
  });
  return compiled;
}

export function instantiateKernels(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
): KernelExports {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
