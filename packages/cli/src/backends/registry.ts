/**
 * Every backend id rnnkit knows, how to create it in Node, and why it cannot run when it can't.
 * Backend packages are imported lazily so `rnnkit backends` works even when one runtime is
 * missing or broken, and so loading one runtime never slows down a command that uses another.
 */
import {
  BACKEND_IDS,
  type Backend,
  type BackendId,
  createReferenceBackend,
  RnnkitError,
} from '@rnnkit/core';

export interface BackendAvailability {
  id: BackendId;
  usable: boolean;
  /** Why it is not usable here (missing runtime, browser-only, ...). */
  reason?: string;
  /** Where it runs: 'node' or 'browser' (browser-only backends run in the conformance page). */
  environment: 'node' | 'browser';
}

const BROWSER_ONLY: ReadonlySet<BackendId> = new Set([
  'tfjs-webgl',
  'tfjs-webgpu',
  'ort-web-webgpu',
]);

export const NODE_BACKEND_IDS = BACKEND_IDS.filter((id) => !BROWSER_ONLY.has(id));

export function isBackendId(value: string): value is BackendId {
  return (BACKEND_IDS as readonly string[]).includes(value);
}

/** Creates a backend in this Node process; throws BACKEND_UNAVAILABLE with the reason if it can't. */
export async function createNodeBackend(id: BackendId): Promise<Backend> {
  switch (id) {
    case 'reference':
      return createReferenceBackend();
    case 'tfjs-cpu':
    case 'tfjs-wasm': {
      const { createTfjsBackend } = await importBackendPackage(id, () => import('@rnnkit/tfjs'));
      return await createTfjsBackend({ backend: id === 'tfjs-cpu' ? 'cpu' : 'wasm' });
    }
    case 'ort-node-cpu': {
      const { createOrtNodeBackend } = await importBackendPackage(
        id,
        () => import('@rnnkit/onnxruntime-node'),
      );
      return await createOrtNodeBackend();
    }
    case 'ort-web-wasm': {
      const { createOrtWebBackend } = await importBackendPackage(
        id,
        () => import('@rnnkit/onnxruntime-web'),
      );
      return await createOrtWebBackend({ executionProvider: 'wasm' });
    }
    case 'rnnkit-wasm': {
      const { createWasmBackend, kernelModule } = await importBackendPackage(
        id,
        () => import('@rnnkit/wasm'),
      );
      // Compiling the kernels here reports a runtime without WebAssembly SIMD as unusable.
      await kernelModule();
      return createWasmBackend();
    }
    default:
      throw new RnnkitError(
        'BACKEND_UNAVAILABLE',
        `backend '${id}' runs only in a browser: use 'rnnkit conformance --browser'`,
        { backend: id },
      );
  }
}

async function importBackendPackage<T>(id: BackendId, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new RnnkitError(
      'BACKEND_UNAVAILABLE',
      `backend '${id}' could not be loaded: ${messageOf(error)}`,
      {
        backend: id,
        cause: error,
      },
    );
  }
}

/** Tries every backend once; a Node backend counts as usable only if it can be created. */
export async function listBackends(): Promise<BackendAvailability[]> {
  const result: BackendAvailability[] = [];
  for (const id of BACKEND_IDS) {
    if (BROWSER_ONLY.has(id)) {
      result.push({
        id,
        usable: false,
        environment: 'browser',
        reason: 'browser only (run with --browser)',
      });
      continue;
    }
    try {
      await createNodeBackend(id);
      result.push({ id, usable: true, environment: 'node' });
    } catch (error) {
      result.push({ id, usable: false, environment: 'node', reason: messageOf(error) });
    }
  }
  return result;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
