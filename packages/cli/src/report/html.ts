/**
 * One self-contained HTML page (no scripts, no external assets) with the case x backend matrix,
 * and per-case details a person can open: source of the expected values, tolerance, every
 * compared output and every skip reason.
 */
import { columnKey, type MatrixCell, type MatrixReport, summarize } from '../conformance/matrix.js';
import { formatError } from './format-error.js';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;white-space:nowrap}
.pass{background:#e6f4ea}.fail,.error{background:#fce8e6;font-weight:bold}.skip{background:#f1f3f4;color:#666}
details{margin:.3rem 0}summary{cursor:pointer}code{font-size:12px}
`;

function cellText(cell: MatrixCell | undefined): string {
  if (!cell) return '';
  if (cell.status === 'pass' || cell.status === 'fail')
    return `${cell.status} ${formatError(cell.maxAbsError)}`;
  return cell.status;
}

export function formatMatrixHtml(report: MatrixReport): string {
  const ids = report.backends.map((backend) => columnKey(backend.id, backend.environment));
  const byKey = new Map(
    report.cells.map((cell) => [
      `${cell.caseId}\u0000${columnKey(cell.backend, cell.environment)}`,
      cell,
    ]),
  );
  const summary = summarize(report.cells);
  const header = ids.map((id) => `<th>${escapeHtml(id)}</th>`).join('');
  const rows = report.cases
    .map((testCase) => {
      const cells = ids
        .map((id) => {
          const cell = byKey.get(`${testCase.id}\u0000${id}`);
          const title = cell?.reason ? ` title="${escapeHtml(cell.reason)}"` : '';
          return `<td class="${cell?.status ?? ''}"${title}>${escapeHtml(cellText(cell))}</td>`;
        })
        .join('');
      return `<tr><td><a href="#${escapeHtml(testCase.id)}">${escapeHtml(testCase.id)}</a></td>${cells}</tr>`;
    })
    .join('\n');
  const details = report.cases
    .map((testCase) => {
      const items = ids
        .map((id) => {
          const cell = byKey.get(`${testCase.id}\u0000${id}`);
          if (!cell) return '';
          const outputs = (cell.outputs ?? [])
            .map(
              (o) =>
                `<li><code>${escapeHtml(o.name)}</code>: ${o.pass ? 'pass' : 'FAIL'}, max |err| ${formatError(o.maxAbsError)}, ` +
                `${o.mismatches}/${o.checked} outside tolerance${o.worstIndex >= 0 ? `, worst at flat index ${o.worstIndex}` : ''}` +
                `${o.problem ? ` (${escapeHtml(o.problem)})` : ''}</li>`,
            )
            .join('');
          const tolerance = cell.tolerance
            ? ` (atol ${cell.tolerance.atol}, rtol ${cell.tolerance.rtol})`
            : '';
          const reason = cell.reason ? `<p>${escapeHtml(cell.reason)}</p>` : '';
          return `<li class="${cell.status}"><b>${escapeHtml(id)}</b>: ${cell.status}${tolerance}, ${cell.milliseconds.toFixed(1)} ms${reason}<ul>${outputs}</ul></li>`;
        })
        .join('');
      const open = report.cells.some(
        (c) => c.caseId === testCase.id && (c.status === 'fail' || c.status === 'error'),
      );
      return (
        `<details id="${escapeHtml(testCase.id)}"${open ? ' open' : ''}><summary>${escapeHtml(testCase.id)}: ${escapeHtml(testCase.description)}</summary>` +
        `<p>group ${escapeHtml(testCase.group)}; expected values from <b>${escapeHtml(testCase.source)}</b></p><ul>${items}</ul></details>`
      );
    })
    .join('\n');
  const unavailable = report.backends
    .filter((backend) => backend.unavailable)
    .map(
      (backend) =>
        `<li>${escapeHtml(columnKey(backend.id, backend.environment))}: ${escapeHtml(backend.unavailable!)}</li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rnnkit conformance</title><style>${STYLE}</style></head>
<body>
<h1>rnnkit conformance</h1>
<p>${escapeHtml(report.createdAt)} — ${escapeHtml(report.environment)}</p>
<p><b>${summary.pass}</b> passed, <b>${summary.fail + summary.error}</b> failed, <b>${summary.skip}</b> skipped over ${report.cases.length} cases and ${ids.length} backends.</p>
${unavailable ? `<h2>Backends that could not start</h2><ul>${unavailable}</ul>` : ''}
<h2>Matrix</h2>
<table><thead><tr><th>case</th>${header}</tr></thead><tbody>
${rows}
</tbody></table>
<h2>Cases</h2>
${details}
</body></html>
`;
}
