/**
 * `npm run conformance`: the bundled corpus on every Node backend and, unless --no-browser, on the
 * browser backends in Debian's Chromium; a terminal table and JSON / HTML reports.
 * Exits 1 when any cell fails, 2 on bad usage.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import type { BackendId } from '@rnnkit/core';
import {
  chromiumPath,
  createProgress,
  formatMatrixHtml,
  formatMatrixJson,
  formatMatrixTable,
  isBackendId,
} from 'rnnkit';
import { runConformance } from './run-conformance.js';

const USAGE =
  'usage: npm run conformance -- [--backends id,id] [--no-browser] [--generated N] [--seed N] [--json file] [--html file]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string' },
      'no-browser': { type: 'boolean' },
      generated: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'string' },
      html: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const backends = values.backends?.split(',').map((id) => id.trim());
  const unknown = backends?.filter((id) => !isBackendId(id)) ?? [];
  if (unknown.length > 0) {
    console.error(`unknown backend id(s): ${unknown.join(', ')}\n${USAGE}`);
    return 2;
  }
  const browser = !values['no-browser'] && chromiumPath() !== undefined;
  if (!values['no-browser'] && !browser) {
    console.error(
      'note: no Chromium at /usr/bin/chromium; browser backends not run (apt-get install chromium)',
    );
  }
  const progress = createProgress();
  const { report, passed } = await runConformance({
    backends: backends as BackendId[] | undefined,
    browser,
    generated: values.generated === undefined ? undefined : Number(values.generated),
    seed: values.seed === undefined ? undefined : Number(values.seed),
    onCell: (done, total, label) => progress.update(done, total, label),
  });
  progress.finish();
  console.log(formatMatrixTable(report));
  const json = values.json ?? 'reports/conformance.json';
  const html = values.html ?? 'reports/conformance.html';
  write(json, formatMatrixJson(report));
  write(html, formatMatrixHtml(report));
  console.log(`reports: ${json}, ${html}`);
  return passed ? 0 : 1;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 2;
  },
);
