/**
 * Registers and initialises the tfjs backend a session asked for: the backend package is
 * imported only here, on demand, so importing @rnnkit/tfjs has no side effect and a bundle holds
 * only the backends an app uses. Failures become BACKEND_UNAVAILABLE with the reason.
 */

import { RnnkitError } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { backendIdOf, type TfjsBackendName } from './backend-names.js';
import { withActiveBackend } from './exclusive.js';
import { hasWebGl, hasWebGpu, isNode } from './runtime.js';
import { recordWasmPaths } from './wasm-location.js';

export interface EngineOptions {
  /**
   * tfjs-wasm only: where the .wasm binaries are served (a directory URL ending in '/', or
   * tfjs's file map). Default: in Node, the installed package's dist directory; in browsers,
   * tfjs's own default (next to the bundled script).
   */
  wasmPaths?: string | Record<string, string>;
  /** tfjs-wasm only: XNNPACK threads; effective only where wasm threads exist (cross-origin isolated pages). */
  threads?: number;
}

const pending = new Map<TfjsBackendName, Promise<void>>();

/** Initialises the tfjs backend once per process; a failure is not cached, so a fix can be retried. */
export function setUpTfjsBackend(
  name: TfjsBackendName,
  options: EngineOptions = {},
): Promise<void> {
  let setUp = pending.get(name);
  if (!setUp) {
    setUp = register(name, options).then(() =>
      withActiveBackend(name, () => {
        if (name === 'cpu') skipNodeBackendAdvice();
      }),
    );
    pending.set(name, setUp);
    setUp.catch(() => pending.delete(name));
  }
  return setUp.catch((error: unknown) => {
    throw RnnkitError.isInstance(error) ? error : unavailable(name, describe(error), error);
  });
}

/**
 * tfjs-cpu prints a banner on stderr when it first stores a tensor in Node ("install our node
 * backend", i.e. tfjs-node). rnnkit has no tfjs-node backend, and someone who picked tfjs-cpu
 * chose it; the banner only cluttered `rnnkit run` output and CI logs. It is guarded by the
 * backend's `firstUse` flag (tfjs-backend-cpu 4.x), set here as if the first use had happened.
 */
function skipNodeBackendAdvice(): void {
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu && cpu.firstUse === true) cpu.firstUse = false;
}

async function register(name: TfjsBackendName, options: EngineOptions): Promise<void> {
  switch (name) {
    case 'cpu':
      await importBackend(name, () => import('@tensorflow/tfjs-backend-cpu'));
      return;
    case 'wasm': {
      const wasm = await importBackend(name, () => import('@tensorflow/tfjs-backend-wasm'));
      // Paths and threads only take effect before the wasm module is first instantiated.
      if (tf.engine().registry.wasm === undefined) {
        if (options.wasmPaths !== undefined) {
          wasm.setWasmPaths(options.wasmPaths);
          recordWasmPaths(options.wasmPaths);
        } else if (isNode()) {
          const { installedWasmDirectory } = await import('./node-wasm-paths.js');
          wasm.setWasmPaths(installedWasmDirectory());
          recordWasmPaths(installedWasmDirectory());
        }
        if (options.threads !== undefined) wasm.setThreadsCount(options.threads);
      }
      return;
    }
    case 'webgl':
      if (!hasWebGl()) {
        throw unavailable(
          name,
          'WebGL is not available in this environment (Node has none); use tfjs-cpu or tfjs-wasm',
        );
      }
      await importBackend(name, () => import('@tensorflow/tfjs-backend-webgl'));
      return;
    case 'webgpu':
      if (!hasWebGpu()) {
        throw unavailable(name, 'WebGPU is not available in this environment (no navigator.gpu)');
      }
      await importBackend(name, () => import('@tensorflow/tfjs-backend-webgpu'));
      return;
  }
}

async function importBackend<T>(name: TfjsBackendName, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw unavailable(
      name,
      `@tensorflow/tfjs-backend-${name} could not be imported (is it installed?)`,
      error,
    );
  }
}

function unavailable(name: TfjsBackendName, reason: string, cause?: unknown): RnnkitError {
  return new RnnkitError(
    'BACKEND_UNAVAILABLE',
    `${backendIdOf(name)} is not available: ${reason}`,
    {
      backend: backendIdOf(name),
      cause,
    },
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error)
    return String(error.message);
  return String(error);
}
