/**
 * runConformance({ browser: true }): the page that ships with the package runs a model on the
 * browser backends in Chromium, compared with the outputs PyTorch recorded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTensorJson } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from '../browser/chromium.js';
import { runConformance } from '../index.js';
import { fixtures } from '../test-support/cli.js';

const gruExport = join(fixtures, 'torch-export/gru_seq_time_major_opset14');

// CI installs Debian's chromium (.ci/run); without it this is skipped, and says why.
describe.skipIf(!chromiumPath())('runConformance in Chromium (needs /usr/bin/chromium)', () => {
  it('runs a model on ort-web-wasm and tfjs-wasm in the page, against PyTorch', async () => {
    const { report, passed } = await runConformance({
      model: `${gruExport}.onnx`,
      inputs: readTensorJson(readFileSync(`${gruExport}.inputs.json`, 'utf8')),
      expected: readTensorJson(readFileSync(`${gruExport}.outputs.json`, 'utf8')),
      backends: ['ort-web-wasm', 'tfjs-wasm'],
      browser: true,
    });
    expect(
      report.cells
        .map((cell) => `${cell.environment} ${cell.backend} ${cell.status} ${cell.reason ?? ''}`)
        .sort(),
    ).toEqual([
      'browser ort-web-wasm pass ',
      'browser tfjs-wasm pass ',
      'node ort-web-wasm pass ',
      'node tfjs-wasm pass ',
    ]);
    expect(passed).toBe(true);
  }, 180_000);
});
