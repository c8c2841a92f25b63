/**
 * Runs a model on every browser backend and compares each with the float64 reference executor
 * computed in the same page: max |error| over the main output, the tolerance verdict from
 * rnnkit's one tolerance table, load time and the median of timed runs.
 */
import {
  type BackendId,
  compareTensors,
  createReferenceBackend,
  type Model,
  type NamedTensors,
  toleranceFor,
} from '@rnnkit/core';
import { createBackend } from 'rnnkit';

export const BROWSER_BACKENDS: readonly BackendId[] = [
  'tfjs-cpu',
  'tfjs-wasm',
  'tfjs-webgl',
  'tfjs-webgpu',
  'ort-web-wasm',
  'ort-web-webgpu',
];

/** Where the page serves the runtimes' wasm files (copied there by vite.config.ts). */
export const wasmPathsFor = (id: BackendId): string =>
  new URL(id.startsWith('ort-') ? 'ort/' : 'tfjs-wasm/', document.baseURI).href;

export interface BackendResult {
  id: BackendId;
  status: 'ok' | 'differs' | 'skipped' | 'error';
  /** Why it was skipped or failed (the backend's own RnnkitError message). */
  reason?: string;
  maxAbsError?: number;
  tolerance?: { atol: number; rtol: number };
  loadMs?: number;
  runMs?: number;
}

const TIMED_RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function runOnEveryBackend(
  model: Model,
  inputs: NamedTensors,
  onResult: (result: BackendResult) => void,
): Promise<BackendResult[]> {
  const reference = await createReferenceBackend().load(model);
  const expected = (await reference.run(inputs)).outputs[model.spec.output.name];
  await reference.dispose();
  const results: BackendResult[] = [];
  for (const id of BROWSER_BACKENDS) {
    const result = await runOne(id, model, inputs, expected);
    results.push(result);
    onResult(result);
  }
  return results;
}

async function runOne(
  id: BackendId,
  model: Model,
  inputs: NamedTensors,
  expected: NamedTensors[string],
): Promise<BackendResult> {
  let backend: Awaited<ReturnType<typeof createBackend>>;
  try {
    backend = await createBackend(id, { wasmPaths: wasmPathsFor(id) });
  } catch (error) {
    return { id, status: 'skipped', reason: messageOf(error) };
  }
  const support = backend.supports?.(model);
  if (support && !support.supported) {
    return {
      id,
      status: 'skipped',
      reason: support.reason ?? `does not support ${support.feature}`,
    };
  }
  try {
    const loadStart = performance.now();
    const session = await backend.load(model);
    const loadMs = performance.now() - loadStart;
    try {
      const first = await session.run(inputs); // also the warm-up
      const times: number[] = [];
      for (let i = 0; i < TIMED_RUNS; i++) {
        const start = performance.now();
        await session.run(inputs);
        times.push(performance.now() - start);
      }
      const tolerance = toleranceFor(id);
      const comparison = compareTensors(first.outputs[model.spec.output.name], expected, tolerance);
      return {
        id,
        status: comparison.pass ? 'ok' : 'differs',
        reason: comparison.problem,
        maxAbsError: comparison.maxAbsError,
        tolerance,
        loadMs,
        runMs: median(times),
      };
    } finally {
      await session.dispose();
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    return {
      id,
      status:
        code === 'UNSUPPORTED_FEATURE' || code === 'BACKEND_UNAVAILABLE' ? 'skipped' : 'error',
      reason: messageOf(error),
    };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
