/** One row of numbers per cell, shared by the terminal table and the Markdown file. */
import type { CellResult } from '../results.js';

export const HEADERS = [
  'workload',
  'backend',
  'latency ms',
  'throughput',
  'GFLOP/s',
  '% peak',
  'baseline',
  'baseline ms',
  'rnnkit/baseline',
  'max |diff|',
];

function num(value: number | undefined, digits = 2): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  if (value !== 0 && Math.abs(value) < 0.01) return value.toExponential(1);
  return value.toFixed(digits);
}

export function cellRow(cell: CellResult): string[] {
  const m = cell.measurement;
  if (cell.status !== 'ok' || !m)
    return [
      cell.workload,
      cell.backend,
      cell.status.toUpperCase(),
      cell.reason ?? '',
      '',
      '',
      '',
      '',
      '',
      '',
    ];
  const b = cell.baseline;
  const unit = m.throughputUnit === 'tokens/s' ? 'tok/s' : 'seq/s';
  let baselineCells: string[];
  if (!b || b.status === 'error') baselineCells = [b?.kind ?? '-', 'ERROR', '-', b?.reason ?? ''];
  else if (b.status === 'not expressible') baselineCells = [b.kind, 'not expressible', '-', '-'];
  else
    baselineCells = [
      b.kind,
      num(b.measurement?.latencyMs, 3),
      `${num(b.ratio)}x`,
      `${num(b.maxAbsDifference)}${b.agreement === 'ERROR' ? ' ERROR' : ''}`,
    ];
  return [
    cell.workload,
    cell.backend,
    num(m.latencyMs, 3),
    `${num(m.throughput, 1)} ${unit}`,
    num(m.gflops),
    `${num(m.peakFraction * 100, 1)}%`,
    ...baselineCells,
  ];
}
