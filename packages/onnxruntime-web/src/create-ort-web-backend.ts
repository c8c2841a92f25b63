/**
 * `createOrtWebBackend`: rnnkit models on onnxruntime-web.
 *   'wasm'   -> backend 'ort-web-wasm'  (Node and browsers; ORT's CPU kernels compiled to wasm)
 *   'webgpu' -> backend 'ort-web-webgpu' (browsers only; the `onnxruntime-web/webgpu` build, whose
 *               LSTM/GRU kernels run on the GPU; operators it lacks fall back to its wasm CPU kernels)
 */
import { RnnkitError } from '@rnnkit/core';
import {
  createOrtBackend,
  type OrtBackend,
  type OrtModule,
  type ProviderLimits,
} from '@rnnkit/onnx';
import { hasWebGpu, isNode, nodeWasmDirectory } from './environment.js';
import { explainWasmFailure, looksLikeWasmFailure } from './explain-wasm-failure.js';
import * as ortWasm from './ort-wasm-module.js';

export interface OrtWebBackendOptions {
  /** Default 'wasm'. */
  executionProvider?: 'wasm' | 'webgpu';
  /**
   * wasm threads (`ort.env.wasm.numThreads`, global to onnxruntime-web and fixed by whichever
   * session starts it first). Default: left to ORT (min(4, cores/2), or 1 in a browser page
   * without cross-origin isolation).
   */
  threads?: number;
  /**
   * Where ORT fetches its `.wasm`/`.mjs` files from (`ort.env.wasm.wasmPaths`), e.g. a URL your
   * server or bundler publishes `onnxruntime-web/dist/` at. Default: in Node, the installed
   * package's dist directory (nothing is fetched); in a browser, ORT's own default (next to its
   * script). The WebGPU build is a separate module with its own settings, so pass it here.
   */
  wasmPaths?: string;
}

interface OrtWebEnvironment {
  env: {
    wasm: { wasmPaths?: unknown; numThreads?: number };
  };
}

async function prepareWasm(ort: OrtModule, options: OrtWebBackendOptions): Promise<void> {
  const { env } = ort as unknown as OrtWebEnvironment;
  if (options.threads !== undefined) env.wasm.numThreads = options.threads;
  if (options.wasmPaths !== undefined) env.wasm.wasmPaths = options.wasmPaths;
  // Otherwise leave paths a caller already set on the module (a CDN, a bundler's asset URL) alone.
  else if (isNode() && env.wasm.wasmPaths === undefined)
    env.wasm.wasmPaths = await nodeWasmDirectory();
}

/**
 * onnxruntime-web 1.30's WebGPU LSTM and GRU kernels translate only these activations to WGSL
 * (found by running every ONNX activation in Chromium; see test/browser). Others fail inside ORT.
 */
const WEBGPU_LIMITS: ProviderLimits = {
  provider: 'WebGPU',
  gatedActivations: new Set(['sigmoid', 'tanh', 'relu']),
};

export function createOrtWebBackend(options: OrtWebBackendOptions = {}): OrtBackend {
  const executionProvider = options.executionProvider ?? 'wasm';
  const { threads } = options;
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new RnnkitError(
      'INVALID_INPUT',
      `threads must be a positive integer, got ${String(threads)}`,
      {
        path: 'threads',
      },
    );
  }
  if (executionProvider === 'wasm') {
    return explainingWasmFailures(
      options,
      createOrtBackend({
        ort: ortWasm as unknown as OrtModule,
        id: 'ort-web-wasm',
        executionProviders: ['wasm'],
        prepare: (ort) => prepareWasm(ort, options),
        // onnxruntime-web's 'wasm' provider is ORT's CPU provider compiled to WebAssembly.
        placement: { onlyProvider: 'CPUExecutionProvider' },
      }),
    );
  }
  if (executionProvider !== 'webgpu') {
    throw new RnnkitError(
      'INVALID_INPUT',
      `executionProvider must be 'wasm' or 'webgpu', got '${String(executionProvider)}'`,
      {
        path: 'executionProvider',
      },
    );
  }
  if (isNode() || !hasWebGpu()) {
    throw new RnnkitError(
      'BACKEND_UNAVAILABLE',
      `ort-web-webgpu needs WebGPU (navigator.gpu), which ${isNode() ? 'Node does not have' : 'this browser does not expose'}`,
      { backend: 'ort-web-webgpu' },
    );
  }
  return explainingWasmFailures(
    options,
    createOrtBackend({
      ort: async () => (await import('onnxruntime-web/webgpu')) as unknown as OrtModule,
      id: 'ort-web-webgpu',
      executionProviders: ['webgpu'],
      // WebGPU runs LSTM and GRU but leaves operators it lacks (RNN) to the CPU, silently.
      placement: 'from-log',
      limits: WEBGPU_LIMITS,
      // ORT's webgpu build keeps graph inputs and outputs on the CPU by default, which is what
      // the runner's state pass-through expects.
      prepare: (ort) => prepareWasm(ort, options),
    }),
  );
}

/**
 * In browsers, a load that fails because ORT could not fetch or start its .wasm is reported with
 * the URL it tried and the option that moves it. Node reads the installed files and needs no hint.
 */
function explainingWasmFailures(options: OrtWebBackendOptions, backend: OrtBackend): OrtBackend {
  if (isNode()) return backend;
  return {
    ...backend,
    async load(model) {
      try {
        return await backend.load(model);
      } catch (error) {
        const skip =
          RnnkitError.isInstance(error) &&
          error.code !== 'BACKEND_UNAVAILABLE' &&
          error.code !== 'INTERNAL';
        if (skip || !looksLikeWasmFailure(error)) throw error;
        const configured = (ortWasm as unknown as OrtWebEnvironment).env.wasm.wasmPaths;
        const paths =
          options.wasmPaths ?? (typeof configured === 'string' ? configured : undefined);
        throw explainWasmFailure(error, backend.id, paths, import.meta.url);
      }
    },
  };
}
