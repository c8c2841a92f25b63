/**
 * Every backend id rnnkit knows, how to create it in Node, and why it cannot run when it can't.
 * Node only (the CLI's); the library's `createBackend` works in browsers too.
 */
import { BACKEND_IDS, type Backend, type BackendId } from '@rnnkit/core';
import type { WasmBackend } from '@rnnkit/wasm';
import { createEnvironmentBackend } from './environment-node.js';

export interface BackendAvailability {
  id: BackendId;
  usable: boolean;
  /** Why it is not usable here (missing runtime, browser-only, ...). */
  reason?: string;
  /** Where it runs: 'node' or 'browser' (browser-only backends run in the conformance page). */
  environment: 'node' | 'browser';
  /** What a usable backend runs here, where that varies: rnnkit-wasm's build of its kernels. */
  detail?: string;
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
  return createEnvironmentBackend(id);
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
      const detail = await detailOf(await createNodeBackend(id));
      result.push({ id, usable: true, environment: 'node', ...(detail ? { detail } : {}) });
    } catch (error) {
      result.push({ id, usable: false, environment: 'node', reason: messageOf(error) });
    }
  }
  return result;
}

/** rnnkit-wasm runs its relaxed-SIMD build where the runtime validates it, else SIMD128. */
async function detailOf(backend: Backend): Promise<string | undefined> {
  if (backend.id !== 'rnnkit-wasm') return undefined;
  const variant = await (backend as WasmBackend).kernelVariant();
  return variant === 'relaxed'
    ? 'relaxed-SIMD kernels (FMA in the products)'
    : 'SIMD128 kernels (relaxed SIMD not in this runtime)';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
