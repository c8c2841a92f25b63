/**
 * `runConformance`: one model (or given cases) on every backend that runs here, each compared
 * with expected values: given ones in the model's own names, or the float64 reference
 * executor's. In Node, `browser: true` adds Chromium's backends (tfjs-webgl/-webgpu/-wasm/-cpu,
 * ort-web-wasm/-webgpu) through the page that ships in this package.
 */
import { type BackendId, type NamedTensors, RnnkitError } from '@rnnkit/core';
import {
  createEnvironmentBackend,
  ENVIRONMENT,
  ENVIRONMENT_BACKEND_IDS,
  runInChromium,
} from '../backends/environment-node.js';
import { type MatrixCase, type MatrixReport, matrixPassed } from '../conformance/matrix.js';
import { runMatrix } from '../conformance/run-matrix.js';
import { buildModelCase, type ModelCaseOptions } from './build-model-case.js';
import { type LoadedModel, loadModel } from './load-model.js';

/** The backends Chromium runs for `browser: true`. */
export const BROWSER_BACKEND_IDS: readonly BackendId[] = [
  'tfjs-cpu',
  'tfjs-wasm',
  'tfjs-webgl',
  'tfjs-webgpu',
  'ort-web-wasm',
  'ort-web-webgpu',
];

export interface RunConformanceOptions
  extends Pick<ModelCaseOptions, 'inputsLabel' | 'expectedLabel'> {
  /** The model: what `loadModel` returned, or a path / bytes to load. Or give `cases`. */
  model?: LoadedModel | string | Uint8Array;
  /** Inputs named as the model names them; default seeded random inputs of the right shape. */
  inputs?: NamedTensors;
  /** Expected outputs named as the model names them; default the reference executor's. */
  expected?: NamedTensors;
  /** Seed of the random inputs (default 1). */
  seed?: number;
  /** Ready-made cases instead of `model` (the repository's corpus uses this). */
  cases?: readonly MatrixCase[];
  /** Default: every backend that runs here (with `browser`, also the browser ones). */
  backends?: readonly BackendId[];
  /** Node only: also run the browser backends in Chromium (default false). */
  browser?: boolean;
  onCell?: (done: number, total: number, label: string) => void;
}

export interface ConformanceResult {
  report: MatrixReport;
  /** No cell failed or errored (skips carry their reasons and do not fail it). */
  passed: boolean;
}

export async function runConformance(
  options: RunConformanceOptions = {},
): Promise<ConformanceResult> {
  const cases = await casesOf(options);
  const here = (options.backends ?? ENVIRONMENT_BACKEND_IDS).filter((id) =>
    ENVIRONMENT_BACKEND_IDS.includes(id),
  );
  const report = await runMatrix(cases, {
    backends: here,
    environment: ENVIRONMENT,
    createBackend: (id) => createEnvironmentBackend(id),
    onCell: (done, total, cell) => options.onCell?.(done, total, `${cell.backend} ${cell.caseId}`),
  });
  if (options.browser) {
    const browserIds = (options.backends ?? BROWSER_BACKEND_IDS).filter((id) =>
      BROWSER_BACKEND_IDS.includes(id),
    );
    const browserReport = await runInChromium(cases, browserIds, options.onCell);
    report.backends.push(...browserReport.backends);
    if (browserReport.environment) report.environment += `; ${browserReport.environment}`;
    report.cells.push(...browserReport.cells);
  }
  return { report, passed: matrixPassed(report) };
}

async function casesOf(options: RunConformanceOptions): Promise<readonly MatrixCase[]> {
  if (options.cases !== undefined) {
    if (options.model !== undefined)
      throw new RnnkitError('INVALID_INPUT', 'give runConformance a model or cases, not both', {
        path: 'cases',
      });
    return options.cases;
  }
  if (options.model === undefined)
    throw new RnnkitError('INVALID_INPUT', 'runConformance needs a model (or cases)', {
      path: 'model',
    });
  const model =
    typeof options.model === 'string' || options.model instanceof Uint8Array
      ? await loadModel(options.model)
      : options.model;
  return [await buildModelCase(model, options)];
}
