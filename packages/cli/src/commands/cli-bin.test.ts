/**
 * The built executable (dist/bin.js, after `npm run build`) and the bundled corpus (the
 * conformance app's dist, after `npm run conformance` or a build). Skipped when not built.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../test-support/cli.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(packageRoot, 'dist/bin.js');
const appBuilt = existsSync(join(packageRoot, '../../apps/conformance/dist/index.js'));

const spawnBin = (...argv: string[]) =>
  spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', timeout: 60_000 });

describe.skipIf(!existsSync(bin))('dist/bin.js', () => {
  it('starts with a node shebang and prints help (exit 0)', () => {
    const result = spawnBin('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: rnnkit <command>/);
  });

  it('exits 2 with one line on stderr for a file that is not a model', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'model.onnx'), 'definitely text');
    const result = spawnBin('inspect', join(dir, 'model.onnx'));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error \[MODEL_FORMAT\]: [^\n]+\n$/);
  });

  it('exits 0 after running a backend whose runtime keeps threads (ort-web-wasm)', () => {
    const result = spawnBin('backends', '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(9);
  });
});

describe.skipIf(!appBuilt)('rnnkit conformance without a model (bundled corpus)', () => {
  it('runs the corpus on the chosen backends and prints the table', async () => {
    const result = await cli(
      'conformance',
      '--backends',
      'reference',
      '--generated',
      '2',
      '--seed',
      '5',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/cases x 1 backends/);
  });
});
