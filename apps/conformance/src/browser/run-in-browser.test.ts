import { chromiumPath, runInBrowser } from 'rnnkit';
import { describe, expect, it } from 'vitest';
import { articleCases } from '../corpus/article-models.js';
import { generatedCases } from '../corpus/generated.js';

// CI installs Debian's chromium (.ci/run); without it this is skipped, and says why.
describe.skipIf(!chromiumPath())('browser runner (needs /usr/bin/chromium)', () => {
  it('runs the same cases inside Chromium and grades them like Node', async () => {
    const cases = [...articleCases().slice(0, 1), ...generatedCases(4)];
    const result = await runInBrowser(cases, ['tfjs-cpu', 'ort-web-wasm']);
    expect(result.backends.map((b) => [b.id, b.environment, b.unavailable])).toEqual([
      ['tfjs-cpu', 'browser', undefined],
      ['ort-web-wasm', 'browser', undefined],
    ]);
    expect(result.cells).toHaveLength(cases.length * 2);
    for (const cell of result.cells) {
      expect(cell.environment).toBe('browser');
      expect(['pass', 'skip'], `${cell.caseId} on ${cell.backend}: ${cell.reason}`).toContain(
        cell.status,
      );
    }
  }, 120_000);
});
