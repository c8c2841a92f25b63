/**
 * Bundles the page script with esbuild at run time (a second or two), so the page always runs
 * the packages as built, and no browser bundle has to be committed.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Bundle files by URL path ('/page.js' is the entry; lazily imported chunks beside it). */
export type PageBundle = Map<string, string>;

export async function bundlePage(): Promise<PageBundle> {
  // Built: page-entry.js beside this file; under vitest: the TypeScript source (esbuild reads both).
  const built = fileURLToPath(new URL('./page-entry.js', import.meta.url));
  const entry = existsSync(built)
    ? built
    : fileURLToPath(new URL('./page-entry.ts', import.meta.url));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
    // Node-only modules reachable through lazy imports of the registry; never loaded in the page.
    external: ['onnxruntime-node', '@rnnkit/onnxruntime-node', 'node:*'],
    // Splitting keeps each lazy import in its own chunk: Node-only helpers (which import
    // node:* statically) sit in chunks the page never loads.
    splitting: true,
    outdir: '/bundle',
    entryNames: 'page',
  });
  return new Map(result.outputFiles.map((file) => [file.path.slice('/bundle'.length), file.text]));
}
