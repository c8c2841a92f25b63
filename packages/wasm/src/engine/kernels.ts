/**
 * The compiled kernels: the WebAssembly module is compiled once per process (or page) and
 * instantiated once per session, each instance over its own memory, so a session's weights and
 * state never share an address space with another's and disposing one frees all of it.
 *
 * Two builds of the same C (scripts/build-wasm.mjs): 'relaxed' (relaxed SIMD: the products'
 * multiply-adds as f32x4.relaxed_madd, fused where the CPU has FMA) and 'simd128' (mul + add,
 * the same bits everywhere). 'auto' takes the relaxed build where the runtime validates it
 * (Chromium; Node 20 only with --experimental-wasm-relaxed-simd), else SIMD128, else
 * BACKEND_UNAVAILABLE.
 */
import { RnnkitError } from '@rnnkit/core';
import { KERNELS_RELAXED_WASM } from './kernels-relaxed-wasm.js';
import { KERNELS_WASM } from './kernels-wasm.js';

/** Which build of the kernels a session runs. */
export type KernelVariant = 'relaxed' | 'simd128';
/** Which build to load: 'auto' (the default) is relaxed where the runtime has it, else SIMD128. */
export type SimdPreference = 'auto' | KernelVariant;

const SIMD_PREFERENCES: readonly string[] = ['auto', 'relaxed', 'simd128'];

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
  /** gemm over two input sources and stacked panels [Wa; Wb] (csrc/gemm-two-source.c). */
  gemm_two(
    out: number,
    ldo: number,
    a: number,
    lda: number,
    ka: number,
    b: number,
    ldb: number,
    kb: number,
    m: number,
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

/** A compiled module and which build it is. */
export interface CompiledKernels {
  module: WebAssembly.Module;
  variant: KernelVariant;
}

export function kernelBytes(variant: KernelVariant = 'simd128'): Uint8Array<ArrayBuffer> {
  const text = atob(variant === 'relaxed' ? KERNELS_RELAXED_WASM : KERNELS_WASM);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Refuses anything but the three preferences, so a typo never silently picks a build. */
export function checkSimdPreference(simd: unknown): SimdPreference {
  if (typeof simd === 'string' && SIMD_PREFERENCES.includes(simd)) return simd as SimdPreference;
  throw new RnnkitError(
    'INVALID_INPUT',
    `rnnkit-wasm option simd must be 'auto', 'relaxed' or 'simd128', got ${JSON.stringify(simd)}`,
    { path: 'simd', backend: 'rnnkit-wasm' },
  );
}

const compiled = new Map<KernelVariant, Promise<CompiledKernels>>();

function compileVariant(variant: KernelVariant): Promise<CompiledKernels> {
  let promise = compiled.get(variant);
  if (!promise) {
    promise = (async () => {
      const bytes = kernelBytes(variant);
      if (!WebAssembly.validate(bytes)) throw unavailable(variant);
      return { module: await WebAssembly.compile(bytes), variant };
    })();
    compiled.set(variant, promise);
    // A failed compile is not cached: the next load reports it again rather than a stale promise.
    promise.catch(() => compiled.delete(variant));
  }
  return promise;
}

function unavailable(variant: KernelVariant): RnnkitError {
  return new RnnkitError(
    'BACKEND_UNAVAILABLE',
    variant === 'relaxed'
      ? "rnnkit-wasm option simd: 'relaxed' needs WebAssembly relaxed SIMD, which this runtime does not have (Node 20: node --experimental-wasm-relaxed-simd); simd: 'auto' falls back to SIMD128"
      : 'rnnkit-wasm needs WebAssembly SIMD128 (and bulk memory), which this runtime does not have',
    { backend: 'rnnkit-wasm' },
  );
}

/**
 * The compiled kernels for a preference; BACKEND_UNAVAILABLE where the runtime has no
 * WebAssembly SIMD (or, asked for 'relaxed', no relaxed SIMD).
 */
export async function compiledKernels(simd: SimdPreference = 'auto'): Promise<CompiledKernels> {
  checkSimdPreference(simd);
  if (typeof WebAssembly !== 'object') {
    throw new RnnkitError('BACKEND_UNAVAILABLE', 'rnnkit-wasm needs WebAssembly', {
      backend: 'rnnkit-wasm',
    });
  }
  if (simd !== 'auto') return compileVariant(simd);
  // The runtime's answer does not change: decided once (and again only after a failure).
  if (!autoCompiled) {
    const promise = compileVariant(
      WebAssembly.validate(kernelBytes('relaxed')) ? 'relaxed' : 'simd128',
    );
    autoCompiled = promise;
    promise.catch(() => {
      autoCompiled = undefined;
    });
  }
  return autoCompiled;
}

let autoCompiled: Promise<CompiledKernels> | undefined;

/** The compiled module alone (what `compiledKernels` returns, without its variant). */
export async function kernelModule(simd: SimdPreference = 'auto'): Promise<WebAssembly.Module> {
  return (await compiledKernels(simd)).module;
}

export function instantiateKernels(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
): KernelExports {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
