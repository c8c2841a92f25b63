/** Shared helpers for the command tests: run `main` in-process with captured output. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureIo } from '../commands/io.js';
import { main } from '../commands/main.js';

export const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../commands/__fixtures__');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(...argv: string[]): Promise<CliResult> {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rnnkit-cli-'));
}
