import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../test-support/cli.js';

describe('rnnkit bench', () => {
  it('runs the benchmark app on one workload and backend and writes its results', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rnnkit-bench-'));
    const result = await cli(
      'bench',
      '--quick',
      '--workloads',
      'char-rnn',
      '--backends',
      'ort-node-cpu',
      '--out',
      out,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(out, 'quick.json'))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'quick.json'), 'utf8'));
    expect(report.command).toContain('rnnkit bench');
    expect(report.cells).toHaveLength(1);
    expect(report.cells[0]).toMatchObject({
      workload: 'char-rnn',
      backend: 'ort-node-cpu',
      status: 'ok',
    });
    expect(report.cells[0].baseline.agreement).toBe('ok');
  }, 120_000);

  it('refuses stray arguments with exit code 2', async () => {
    const result = await cli('bench', 'extra');
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
