/**
 * The conformance page's script (bundled by esbuild for the browser): fetches the cases the
 * Node side serialised, and runs them on one browser backend at a time, with the same cell
 * runner Node uses. Exposed as `window.rnnkitConformance.run(backendId)`.
 */
import type { Backend, BackendId } from '@rnnkit/core';
import { createOrtWebBackend } from '@rnnkit/onnxruntime-web';
import { createTfjsBackend } from '@rnnkit/tfjs';
import { createWasmBackend } from '@rnnkit/wasm';
import * as ort from 'onnxruntime-web';
import { type MatrixCase, type MatrixCell, runCell } from 'rnnkit';
import { casesFromWire } from './case-wire.js';

// Served by the conformance server next to this page: nothing is fetched from the network.
ort.env.wasm.wasmPaths = '/ort/';

async function createBrowserBackend(id: BackendId): Promise<Backend> {
  switch (id) {
    case 'tfjs-cpu':
      return createTfjsBackend({ backend: 'cpu' });
    case 'tfjs-wasm':
      return createTfjsBackend({ backend: 'wasm', wasmPaths: '/tfjs-wasm/' });
    case 'tfjs-webgl':
      return createTfjsBackend({ backend: 'webgl' });
    case 'tfjs-webgpu':
      return createTfjsBackend({ backend: 'webgpu' });
    case 'ort-web-wasm':
      return createOrtWebBackend({ executionProvider: 'wasm' });
    case 'ort-web-webgpu': {
      // The webgpu build is a separate module with its own env: point it at the same files.
      const webgpu = await import('onnxruntime-web/webgpu');
      webgpu.env.wasm.wasmPaths = '/ort/';
      return createOrtWebBackend({ executionProvider: 'webgpu' });
    }
    case 'rnnkit-wasm':
      // The kernels travel inside the bundle (base64): nothing to serve.
      return createWasmBackend();
    default:
      throw new Error(`backend '${id}' is not a browser backend`);
  }
}

let cases: MatrixCase[] | undefined;

async function loadCases(): Promise<MatrixCase[]> {
  cases ??= casesFromWire(await (await fetch('/cases.json')).text());
  return cases;
}

export interface PageRunResult {
  unavailable?: string;
  cells: MatrixCell[];
}

/** Runs cases [from, to) on one backend. The Node side calls it in slices to report progress. */
async function run(id: BackendId, from: number, to: number): Promise<PageRunResult> {
  const all = await loadCases();
  let backend: Backend;
  try {
    backend = await createBrowserBackend(id);
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error), cells: [] };
  }
  const cells: MatrixCell[] = [];
  for (const testCase of all.slice(from, to))
    cells.push(await runCell(testCase, backend, 'browser'));
  return { cells };
}

async function caseCount(): Promise<number> {
  return (await loadCases()).length;
}

/** What the page can use: the Node side records it in the report's environment line. */
function isolation(): string {
  return `crossOriginIsolated=${String(globalThis.crossOriginIsolated)}, cores=${navigator.hardwareConcurrency}`;
}

(globalThis as Record<string, unknown>).rnnkitConformance = { run, caseCount, isolation };
