/**
 * `npm run conformance`: the bundled corpus on every Node backend (and, with --browser, in
 * Chromium), a terminal table, and JSON / HTML reports. Exits 1 when any cell fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import type { BackendId } from '@rnnkit/core';
import {
  createProgress,
  formatMatrixHtml,
  formatMatrixJson,
  formatMatrixTable,
  isBackendId,
  matrixPassed,
  NODE_BACKEND_IDS,
  runMatrix,
} from 'rnnkit';
import { buildCorpus } from './corpus/index.js';

const USAGE = `usage: npm run conformance -- [--backends id,id] [--generated N] [--seed N] [--json file] [--html file]`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string' },
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
  const backends = values.backends ? values.backends.split(',').map((id) => id.trim()) : [...NODE_BACKEND_IDS];
  const unknown = backends.filter((id) => !isBackendId(id));
  if (unknown.length > 0) {
    console.error(`unknown backend id(s): ${unknown.join(', ')}\n${USAGE}`);
    return 2;
  }
  const cases = await buildCorpus({
    generated: values.generated === undefined ? undefined : Number(values.generated),
    seed: values.seed === undefined ? undefined : Number(values.seed),
  });
  const progress = createProgress();
  const report = await runMatrix(cases, {
    backends: backends as BackendId[],
    onCell: (done, total, cell) => progress.update(done, total, `${cell.backend} ${cell.caseId}`),
  });
  progress.finish();
  console.log(formatMatrixTable(report));
  const json = values.json ?? 'reports/conformance.json';
  const html = values.html ?? 'reports/conformance.html';
  write(json, formatMatrixJson(report));
  write(html, formatMatrixHtml(report));
  console.log(`reports: ${json}, ${html}`);
  return matrixPassed(report) ? 0 : 1;
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
