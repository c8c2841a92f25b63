/**
 * The shared-memory builds of the kernels, for sessions that run on worker threads
 * (`createWasmBackend({ threads })`): the same C as kernels-wasm.ts / kernels-relaxed-wasm.ts,
 * built with atomics over a shared imported memory and `__stack_pointer` exported
 * (scripts/build-wasm.mjs SHARED_ARGS). They are loaded through a dynamic import, so a bundler
 * can split them off and a page that never asks for threads never downloads them.
 *
 * The variant (relaxed or SIMD128) is the one a one-thread session would run here, so a
 * threaded session computes the same bits as a one-thread one.
 */
import { RnnkitError } from '@rnnkit/core';
import { type CompiledKernels, compiledKernels, type SimdPreference } from './kernels.js';

const compiled = new Map<string, Promise<CompiledKernels>>();

function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The bytes of a shared build (exported for the freshness and size tests). */
export async function sharedKernelBytes(
  variant: CompiledKernels['variant'],
): Promise<Uint8Array<ArrayBuffer>> {
  const text =
    variant === 'relaxed'
      ? (await import('./kernels-shared-relaxed-wasm.js')).KERNELS_SHARED_RELAXED_WASM
      : (await import('./kernels-shared-wasm.js')).KERNELS_SHARED_WASM;
  return base64Bytes(text);
}

/**
 * The compiled shared build for a preference; BACKEND_UNAVAILABLE where the runtime lacks the
 * one-thread build's requirements, WebAssembly threads, or a SharedArrayBuffer (browsers give
 * it only to cross-origin isolated pages: COOP same-origin + COEP require-corp).
 */
export async function compiledSharedKernels(simd: SimdPreference): Promise<CompiledKernels> {
  const { variant } = await compiledKernels(simd);
  if (typeof SharedArrayBuffer !== 'function' || !crossOriginIsolatedOrNode()) {
    throw new RnnkitError(
      'BACKEND_UNAVAILABLE',
      'rnnkit-wasm option threads > 1 needs SharedArrayBuffer, which browsers give only to cross-origin isolated pages (serve the page with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp); threads: 1 needs no isolation',
      { backend: 'rnnkit-wasm', path: 'threads' },
    );
  }
  let promise = compiled.get(variant);
  if (!promise) {
    promise = (async () => {
      const bytes = await sharedKernelBytes(variant);
      if (!WebAssembly.validate(bytes)) {
        throw new RnnkitError(
          'BACKEND_UNAVAILABLE',
          'rnnkit-wasm option threads > 1 needs WebAssembly threads (shared memory and atomics), which this runtime does not have',
          { backend: 'rnnkit-wasm', path: 'threads' },
        );
      }
      return { module: await WebAssembly.compile(bytes), variant };
    })();
    compiled.set(variant, promise);
    promise.catch(() => compiled.delete(variant));
  }
  return promise;
}

/** Node has no cross-origin isolation (and needs none); a browser page must be isolated. */
function crossOriginIsolatedOrNode(): boolean {
  const scope = globalThis as { crossOriginIsolated?: boolean };
  return scope.crossOriginIsolated === undefined || scope.crossOriginIsolated;
}
