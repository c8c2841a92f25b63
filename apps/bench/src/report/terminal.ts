/** Plain fixed-width table for the terminal. */
import type { BenchReport } from '../results.js';
import { cellRow, HEADERS } from './rows.js';

export function terminalTable(report: BenchReport): string {
  const rows = [HEADERS, ...report.cells.map(cellRow)].map((r) =>
    r.map((c) => (c.length > 60 ? `${c.slice(0, 57)}...` : c)),
  );
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (c ?? '').padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n');
}
