/** The JSON report: the MatrixReport itself, with NaN (nothing compared) written as null. */
import type { MatrixReport } from '../conformance/matrix.js';

export function formatMatrixJson(report: MatrixReport): string {
  return `${JSON.stringify(report, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}
