/**
 * Runs one case on one backend and grades it. Load-time refusals (UNSUPPORTED_FEATURE) and run
 * refusals of a named feature are skips with their reason; anything else thrown is an error cell.
 */
import {
  type Backend,
  compareRunResult,
  type RecurrentState,
  RnnkitError,
  type Session,
} from '@rnnkit/core';
import type { BackendEnvironment, MatrixCase, MatrixCell } from './matrix.js';

export async function runCell(
  testCase: MatrixCase,
  backend: Backend,
  environment: BackendEnvironment = 'node',
): Promise<MatrixCell> {
  const started = performance.now();
  const cell = (
    fields: Omit<MatrixCell, 'caseId' | 'backend' | 'environment' | 'milliseconds'>,
  ): MatrixCell => ({
    caseId: testCase.id,
    backend: backend.id,
    environment,
    milliseconds: performance.now() - started,
    ...fields,
  });
  let session: Session | undefined;
  try {
    session = await backend.load(testCase.model);
    let state: RecurrentState | undefined = testCase.runOptions?.state;
    for (const chunk of testCase.leadingChunks ?? []) {
      state = (await session.run(chunk, { state })).state;
    }
    const result = await session.run(testCase.inputs, { ...testCase.runOptions, state });
    const comparison = compareRunResult(testCase, result, backend.id);
    const outputs = comparison.results.map(({ name, comparison: c }) => ({
      name,
      pass: c.pass,
      maxAbsError: c.maxAbsError,
      mismatches: c.mismatches,
      checked: c.checked,
      worstIndex: c.worstIndex,
      problem: c.problem,
    }));
    const maxAbsError = outputs.reduce((worst, o) => Math.max(worst, o.maxAbsError), 0);
    return cell({
      status: comparison.pass ? 'pass' : 'fail',
      maxAbsError: outputs.some((o) => Number.isNaN(o.maxAbsError)) ? Number.NaN : maxAbsError,
      tolerance: comparison.tolerance,
      outputs,
    });
  } catch (error) {
    if (RnnkitError.isInstance(error) && error.code === 'UNSUPPORTED_FEATURE') {
      return cell({ status: 'skip', maxAbsError: Number.NaN, reason: error.message });
    }
    const reason = RnnkitError.isInstance(error)
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
    return cell({ status: 'error', maxAbsError: Number.NaN, reason });
  } finally {
    await session?.dispose();
  }
}
