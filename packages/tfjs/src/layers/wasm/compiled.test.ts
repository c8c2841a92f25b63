/** The committed <name>-wasm.ts modules are what their .wat sources compile to today. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('every compiled module is up to date with its .wat source', () => {
  const script = fileURLToPath(new URL('../../../scripts/compile-wat.mjs', import.meta.url));
  expect(() =>
    execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' }),
  ).not.toThrow();
});
