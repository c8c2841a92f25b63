/**
 * The browser side of `createBackend`: swapped in for environment-node.ts by package.json's
 * `browser` field, so browser bundles hold the browser backends and never onnxruntime-node.
 * The backend packages are still imported lazily: a page that creates only ort-web-wasm never
 * downloads tfjs, and the reverse.
 */
import { type Backend, type BackendId, createReferenceBackend, RnnkitError } from '@rnnkit/core';
import type { CreateBackendOptions } from './backend-options.js';
import { importBackendPackage } from './import-backend-package.js';

export const ENVIRONMENT = 'browser';

/** Starting Chromium is Node's job; in a page, runConformance runs the page's own backends. */
export async function runInChromium(): Promise<never> {
  throw new RnnkitError(
    'INVALID_INPUT',
    "runConformance's browser option starts Chromium from Node; in a page, the page's own backends run without it",
    { path: 'browser' },
  );
}

export const ENVIRONMENT_BACKEND_IDS: readonly BackendId[] = [
  'reference',
  'tfjs-cpu',
  'tfjs-wasm',
  'tfjs-webgl',
  'tfjs-webgpu',
  'ort-web-wasm',
  'ort-web-webgpu',
];

const TFJS_BACKENDS = {
  'tfjs-cpu': 'cpu',
  'tfjs-wasm': 'wasm',
  'tfjs-webgl': 'webgl',
  'tfjs-webgpu': 'webgpu',
} as const;

export async function createEnvironmentBackend(
  id: BackendId,
  options: CreateBackendOptions = {},
): Promise<Backend> {
  const wasmPaths = options.wasmPaths ? { wasmPaths: options.wasmPaths } : {};
  switch (id) {
    case 'reference':
      return createReferenceBackend();
    case 'tfjs-cpu':
    case 'tfjs-wasm':
    case 'tfjs-webgl':
    case 'tfjs-webgpu': {
      const { createTfjsBackend } = await importBackendPackage(
        id,
        '@rnnkit/tfjs',
        () => import('@rnnkit/tfjs'),
      );
      const backend = TFJS_BACKENDS[id];
      return await createTfjsBackend(backend === 'wasm' ? { backend, ...wasmPaths } : { backend });
    }
    case 'ort-web-wasm':
    case 'ort-web-webgpu': {
      const { createOrtWebBackend } = await importBackendPackage(
        id,
        '@rnnkit/onnxruntime-web',
        () => import('@rnnkit/onnxruntime-web'),
      );
      return createOrtWebBackend({
        executionProvider: id === 'ort-web-wasm' ? 'wasm' : 'webgpu',
        ...wasmPaths,
      });
    }
    default:
      throw new RnnkitError(
        'BACKEND_UNAVAILABLE',
        id === 'ort-node-cpu'
          ? `backend '${id}' runs only in Node (a native addon); in a browser use ort-web-wasm`
          : `backend '${id}' is not available in browsers from this version of rnnkit`,
        { backend: id },
      );
  }
}
