/**
 * The corpus's bidirectional layers with their own backward activations (issue 13) on every Node
 * backend, and in Chromium on the browser backends when Chromium is installed: every cell passes
 * against the float64 reference (expected values), except ort-web-webgpu's refusal by name of the
 * gate activations its kernels lack.
 */
import { chromiumPath } from 'rnnkit';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../run-conformance.js';
import { idiomCases } from './idioms.js';

const cases = idiomCases().filter((c) => c.id.includes('backward'));

describe('backward activations in the conformance corpus', () => {
  it('declares an lstm, a gru and a simpleRnn case', () => {
    expect(cases.map((c) => c.id)).toEqual([
      'idiom-bi-lstm-backward-activations-sequence',
      'idiom-bi-gru-backward-activations-last',
      'idiom-mask-zero-bi-rnn-backward-relu',
    ]);
  });

  it('passes on every backend', async () => {
    const { report } = await runConformance({ cases, browser: chromiumPath() !== undefined });
    type Cell = (typeof report.cells)[number];
    // ORT's WebGPU LSTM/GRU kernels implement only sigmoid/tanh: that backend refuses the
    // relu/hardSigmoid backward halves by name at load (onnx ort-support's provider limits).
    const refusedByWebGpu = (cell: Cell) =>
      cell.backend === 'ort-web-webgpu' &&
      cell.status === 'skip' &&
      /activation '(relu|hardSigmoid)' on WebGPU/.test(cell.reason ?? '');
    const notPassing = report.cells.filter(
      (cell) => cell.status !== 'pass' && !refusedByWebGpu(cell),
    );
    expect(
      notPassing.map((cell) => `${cell.caseId} on ${cell.backend}: ${cell.status} ${cell.reason}`),
    ).toEqual([]);
    const passing = new Set(
      report.cells
        .filter((cell) => cell.status === 'pass')
        .map((cell) => `${cell.backend}/${cell.environment}`),
    );
    console.log(`passing: ${[...passing].join(', ')}`);
    expect(passing.size).toBeGreaterThanOrEqual(5);
  }, 600_000);
});
