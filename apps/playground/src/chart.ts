/**
 * Two bar charts side by side as SVG: each backend's max |error| against the reference on a log
 * scale (with its tolerance marked), and its median run time. Plain SVG: no chart library.
 */
import type { BackendResult } from './run-backends.js';

const ROW = 26;
const LABEL = 120;
const WIDTH = 300;
const NS = 'http://www.w3.org/2000/svg';

function element(name: string, attributes: Record<string, string | number>, text?: string) {
  const node = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** log10 position of a value between 1e-10 and 1 (errors below 1e-10 sit at the left edge). */
const logPosition = (value: number) =>
  Math.min(1, Math.max(0, (Math.log10(Math.max(value, 1e-10)) + 10) / 10));

export function drawChart(results: readonly BackendResult[]): SVGSVGElement {
  const height = 40 + ROW * results.length;
  const svg = element('svg', {
    width: 2 * (LABEL + WIDTH) + 130,
    height,
    role: 'img',
    'aria-label': 'error and latency per backend',
    'font-size': 12,
    'font-family': 'system-ui, sans-serif',
  }) as SVGSVGElement;
  const maxMs = Math.max(1e-3, ...results.map((r) => r.runMs ?? 0));
  const panels = [
    { x: 0, title: 'max |error| vs float64 reference (log, 1e-10 .. 1)' },
    { x: LABEL + WIDTH + 70, title: `median run time (ms, 0 .. ${maxMs.toFixed(1)})` },
  ];
  for (const panel of panels)
    svg.append(element('text', { x: panel.x, y: 14, 'font-weight': 600 }, panel.title));
  results.forEach((result, i) => {
    const y = 28 + i * ROW;
    for (const panel of panels)
      svg.append(element('text', { x: panel.x, y: y + 14, fill: '#1d2330' }, result.id));
    if (result.maxAbsError === undefined) {
      svg.append(element('text', { x: LABEL, y: y + 14, fill: '#7a8294' }, result.status));
      return;
    }
    const color = result.status === 'ok' ? '#2f8a52' : '#c0392b';
    svg.append(
      element('rect', {
        x: LABEL,
        y,
        width: Math.max(1, WIDTH * logPosition(result.maxAbsError)),
        height: ROW - 8,
        fill: color,
      }),
    );
    if (result.tolerance) {
      // The tolerance's absolute part: an error left of this line passes for values near 0.
      const x = LABEL + WIDTH * logPosition(result.tolerance.atol);
      svg.append(
        element('line', {
          x1: x,
          x2: x,
          y1: y - 2,
          y2: y + ROW - 6,
          stroke: '#1d2330',
          'stroke-dasharray': '3 2',
        }),
      );
    }
    svg.append(
      element(
        'text',
        { x: LABEL + WIDTH + 4, y: y + 14, fill: '#4a5160' },
        result.maxAbsError.toExponential(1),
      ),
    );
    const right = panels[1].x + LABEL;
    svg.append(
      element('rect', {
        x: right,
        y,
        width: Math.max(1, (WIDTH - 50) * ((result.runMs ?? 0) / maxMs)),
        height: ROW - 8,
        fill: '#3467c4',
      }),
    );
    svg.append(
      element(
        'text',
        { x: right + (WIDTH - 50) * ((result.runMs ?? 0) / maxMs) + 4, y: y + 14, fill: '#4a5160' },
        `${(result.runMs ?? 0).toFixed(2)}`,
      ),
    );
  });
  return svg;
}
