import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `@rnnkit/core` must load in browsers: nothing reachable from src/index.ts may import a Node
 * built-in. The file helpers live behind src/node.ts (`@rnnkit/core/node`) instead.
 */
const sourceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const importPattern =
  /(?:^|[^\w.])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function reachableImports(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(importPattern)].map((match) => match[1] ?? match[2]);
    seen.set(file, specifiers);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.'))
        queue.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
    }
  }
  return seen;
}

describe('entry points', () => {
  it('src/index.ts reaches no node: module', () => {
    const offenders: string[] = [];
    for (const [file, specifiers] of reachableImports(resolve(sourceRoot, 'index.ts'))) {
      for (const specifier of specifiers) {
        if (
          specifier.startsWith('node:') ||
          ['fs', 'path', 'os', 'fs/promises'].includes(specifier)
        ) {
          offenders.push(`${file.slice(sourceRoot.length + 1)} imports ${specifier}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('src/node.ts does reach the file helpers (so the check above is meaningful)', () => {
    const all = [...reachableImports(resolve(sourceRoot, 'node.ts')).values()].flat();
    expect(all).toContain('node:fs/promises');
  });
});
