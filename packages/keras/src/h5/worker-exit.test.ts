/**
 * Regression: a process that had read any .h5 never exited. The HDF5 worker was unref()'d before
 * its 'message' listener was attached, and attaching the listener ref'd the worker's port again
 * (hdf5-worker.ts). In-process tests cannot see this (vitest ends its workers itself), so a child
 * node process reads a committed file and must exit on its own.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
// vite-node comes with vitest: it runs the TypeScript sources with the same aliases as the tests.
const viteNode = createRequire(
  createRequire(import.meta.url).resolve('vitest/package.json'),
).resolve('vite-node/vite-node.mjs');
// Generous for a loaded 2-core machine: a healthy child exits within milliseconds of its last
// line; a hung one never does.
const EXIT_AFTER_READ_MS = 15_000;
const START_LIMIT_MS = 45_000;

interface ChildResult {
  code: number | null;
  killedBecause?: string;
  stdout: string;
  stderr: string;
}

function runUntilExit(script: string, file: string): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [viteNode, '--config', join(packageRoot, 'vitest.config.ts'), script, file],
      { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    let killedBecause: string | undefined;
    const kill = (reason: string) => {
      killedBecause = reason;
      child.kill('SIGKILL');
    };
    let timer = setTimeout(() => kill(`no output within ${START_LIMIT_MS} ms`), START_LIMIT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (stdout.includes('\n')) {
        clearTimeout(timer);
        timer = setTimeout(
          () => kill(`still running ${EXIT_AFTER_READ_MS} ms after the read`),
          EXIT_AFTER_READ_MS,
        );
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, killedBecause, stdout, stderr });
    });
  });
}

describe('the HDF5 worker does not keep the process alive', () => {
  it('a node process that read an .h5 exits by itself', async () => {
    const result = await runUntilExit(
      join(packageRoot, 'src/test-support/read-h5-then-return.ts'),
      join(packageRoot, 'src/__fixtures__/independent/keras3_legacy.h5'),
    );
    expect(result.killedBecause, result.stderr).toBeUndefined();
    // Bidirectional, LSTM, Dropout, Dense (h5py: the file's model_config, InputLayer aside).
    expect(result.stdout).toContain('read 4 layers');
    expect(result.code).toBe(0);
  }, 90_000);
});
