import type { Tensor } from '@rnnkit/core';
import { formatMatrixTable } from 'rnnkit';
import { describe, expect, it } from 'vitest';
import { articleCases } from './corpus/article-models.js';
import { runConformance } from './run-conformance.js';

describe('runConformance', () => {
  it('passes the article models on the reference, tfjs-cpu and rnnkit-wasm', async () => {
    const { passed, report } = await runConformance({
      cases: articleCases(),
      backends: ['reference', 'tfjs-cpu', 'rnnkit-wasm'],
    });
    expect(passed).toBe(true);
    expect(report.cells).toHaveLength(9);
  });

  it('fails, and names the case and output, when an expected value is perturbed', async () => {
    const [testCase] = articleCases();
    const [name, tensor] = Object.entries(testCase.expected)[0];
    const data = Float64Array.from(tensor.data as Float64Array);
    data[3] += 0.01;
    const planted = {
      ...testCase,
      id: 'planted-fault',
      expected: { [name]: { ...tensor, data } as Tensor },
    };
    const { passed, report } = await runConformance({ cases: [planted], backends: ['reference'] });
    expect(passed).toBe(false);
    expect(report.cells[0]).toMatchObject({ caseId: 'planted-fault', status: 'fail' });
    expect(formatMatrixTable(report)).toMatch(
      new RegExp(`FAIL planted-fault on reference: ${name}: max \\|err\\| 1\\.0e-2, 1/`),
    );
  });
});
