/**
 * The terminal report: one row per case, one column per backend, each cell the max abs error and
 * its verdict, then every skip and failure spelled out (a skip is never silent).
 */
import { columnKey, type MatrixReport, summarize } from '../conformance/matrix.js';
import { formatError } from './format-error.js';

const MARK = { pass: 'ok', fail: 'FAIL', skip: 'skip', error: 'ERROR' } as const;

export function formatMatrixTable(report: MatrixReport): string {
  const ids = report.backends.map((backend) => columnKey(backend.id, backend.environment));
  const byKey = new Map(
    report.cells.map((cell) => [
      `${cell.caseId}\u0000${columnKey(cell.backend, cell.environment)}`,
      cell,
    ]),
  );
  const header = ['case', ...ids];
  const rows = report.cases.map((testCase) => [
    testCase.id,
    ...ids.map((id) => {
      const cell = byKey.get(`${testCase.id}\u0000${id}`);
      if (!cell) return '';
      return cell.status === 'pass' || cell.status === 'fail'
        ? `${MARK[cell.status]} ${formatError(cell.maxAbsError)}`
        : MARK[cell.status];
    }),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((text, column) => text.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  const lines = [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];

  const notes = report.cells.filter((cell) => cell.status !== 'pass');
  if (notes.length > 0) {
    lines.push('', 'Not passing:');
    for (const cell of notes) {
      const failed = cell.outputs?.filter((output) => !output.pass) ?? [];
      const detail =
        cell.reason ??
        failed
          .map(
            (o) =>
              `${o.name}: max |err| ${formatError(o.maxAbsError)}, ${o.mismatches}/${o.checked} outside tolerance${o.problem ? ` (${o.problem})` : ''}`,
          )
          .join('; ');
      lines.push(
        `  ${MARK[cell.status]} ${cell.caseId} on ${columnKey(cell.backend, cell.environment)}: ${detail}`,
      );
    }
  }
  const summary = summarize(report.cells);
  lines.push(
    '',
    `${report.cases.length} cases x ${ids.length} backends`,
    `${summary.pass} passed, ${summary.fail + summary.error} failed, ${summary.skip} skipped`,
  );
  return lines.join('\n');
}
