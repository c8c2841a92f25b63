/**
 * Runs cases on backends in this process, backend by backend (a backend's runtime is started
 * once and reused for all its cases).
 */
import type { Backend, BackendId } from '@rnnkit/core';
import { createNodeBackend } from '../backends/registry.js';
import type {
  BackendEnvironment,
  MatrixBackend,
  MatrixCase,
  MatrixCell,
  MatrixReport,
} from './matrix.js';
import { runCell } from './run-cell.js';

export interface RunMatrixOptions {
  backends: readonly BackendId[];
  /** Called after every cell: for progress bars. */
  onCell?: (done: number, total: number, cell: MatrixCell) => void;
  /** How to create a backend; defaults to the Node registry. */
  createBackend?: (id: BackendId) => Promise<Backend>;
  /** Where the backends run, for the report (default 'node'). */
  environment?: BackendEnvironment;
}

function describeRuntime(): string {
  const proc = (globalThis as { process?: { version?: string; platform?: string; arch?: string } })
    .process;
  if (proc?.version) return `Node ${proc.version} (${proc.platform}/${proc.arch})`;
  const agent = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;
  return agent ?? 'unknown runtime';
}

export async function runMatrix(
  cases: readonly MatrixCase[],
  options: RunMatrixOptions,
): Promise<MatrixReport> {
  const createBackend = options.createBackend ?? createNodeBackend;
  const environment = options.environment ?? 'node';
  const backends: MatrixBackend[] = [];
  const cells: MatrixCell[] = [];
  const total = cases.length * options.backends.length;
  for (const id of options.backends) {
    let backend: Backend | undefined;
    let unavailable: string | undefined;
    try {
      backend = await createBackend(id);
    } catch (error) {
      unavailable = error instanceof Error ? error.message : String(error);
    }
    backends.push({ id, environment, unavailable });
    for (const testCase of cases) {
      const cell: MatrixCell = backend
        ? await runCell(testCase, backend, environment)
        : {
            caseId: testCase.id,
            backend: id,
            environment,
            status: 'skip',
            maxAbsError: Number.NaN,
            reason: `backend unavailable: ${unavailable}`,
            milliseconds: 0,
          };
      cells.push(cell);
      options.onCell?.(cells.length, total, cell);
    }
  }
  return {
    createdAt: new Date().toISOString(),
    environment: describeRuntime(),
    backends,
    cases: cases.map(({ id, group, description, source }) => ({ id, group, description, source })),
    cells,
  };
}
