/**
 * The Node side of `createBackend` (package.json's `browser` field swaps this module for
 * environment-browser.ts in browser bundles, so no bundler ever sees onnxruntime-node).
 * Backend packages are imported lazily so a missing or broken runtime only affects its own
 * backend, and loading one runtime never slows down a command that uses another.
 */
import { type Backend, type BackendId, createReferenceBackend, RnnkitError } from '@rnnkit/core';
import type { CreateBackendOptions } from './backend-options.js';
import { importBackendPackage } from './import-backend-package.js';

export const ENVIRONMENT = 'node';

/** Runs cases in Chromium through the shipped page (loaded on demand: it starts a browser). */
export async function runInChromium(
  ...args: Parameters<typeof import('../browser/run-in-browser.js').runInBrowser>
): ReturnType<typeof import('../browser/run-in-browser.js').runInBrowser> {
  const { runInBrowser } = await import('../browser/run-in-browser.js');
  return runInBrowser(...args);
}

export const ENVIRONMENT_BACKEND_IDS: readonly BackendId[] = [
  'reference',
  'tfjs-cpu',
  'tfjs-wasm',
  'ort-node-cpu',
  'ort-web-wasm',
];

const BROWSER_ONLY: readonly BackendId[] = ['tfjs-webgl', 'tfjs-webgpu', 'ort-web-webgpu'];

export async function createEnvironmentBackend(
  id: BackendId,
  options: CreateBackendOptions = {},
): Promise<Backend> {
  switch (id) {
    case 'reference':
      return createReferenceBackend();
    case 'tfjs-cpu':
    case 'tfjs-wasm': {
      const { createTfjsBackend } = await importBackendPackage(
        id,
        '@rnnkit/tfjs',
        () => import('@rnnkit/tfjs'),
      );
      return await createTfjsBackend(
        id === 'tfjs-cpu'
          ? { backend: 'cpu' }
          : { backend: 'wasm', ...(options.wasmPaths ? { wasmPaths: options.wasmPaths } : {}) },
      );
    }
    case 'ort-node-cpu': {
      const { createOrtNodeBackend } = await importBackendPackage(
        id,
        '@rnnkit/onnxruntime-node onnxruntime-node',
        () => import('@rnnkit/onnxruntime-node'),
      );
      return await createOrtNodeBackend();
    }
    case 'ort-web-wasm': {
      const { createOrtWebBackend } = await importBackendPackage(
        id,
        '@rnnkit/onnxruntime-web',
        () => import('@rnnkit/onnxruntime-web'),
      );
      return await createOrtWebBackend({
        executionProvider: 'wasm',
        ...(options.wasmPaths ? { wasmPaths: options.wasmPaths } : {}),
      });
    }
    default:
      throw new RnnkitError(
        'BACKEND_UNAVAILABLE',
        BROWSER_ONLY.includes(id)
          ? `backend '${id}' runs only in a browser: use runConformance({ browser: true }) or 'rnnkit conformance --browser'`
          : `backend '${id}' is not available in Node from this version of rnnkit`,
        { backend: id },
      );
  }
}
