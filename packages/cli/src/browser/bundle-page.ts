/**
 * The conformance page's script. A built package ships it bundled (dist/browser-page/, made by
 * scripts/bundle-page.mjs at build time), so `rnnkit conformance --browser` needs no bundler
 * after `npm install rnnkit`. Running from sources (the repository's tests), it is bundled here
 * with esbuild, a development dependency.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { pageBundleOptions } from './page-bundle-options.js';

/** Bundle files by URL path ('/page.js' is the entry; lazily imported chunks beside it). */
export type PageBundle = Map<string, string>;

// From dist/browser/ and from src/browser/ alike: the package's dist/browser-page/.
const SHIPPED = new URL('../../dist/browser-page/', import.meta.url);

export async function bundlePage(): Promise<PageBundle> {
  const shipped = fileURLToPath(SHIPPED);
  const fromSources = import.meta.url.includes('/src/browser/');
  if (!fromSources && existsSync(shipped)) {
    const files = (await readdir(shipped)).filter((name) => name.endsWith('.js'));
    const entries = await Promise.all(
      files.map(async (name) => [`/${name}`, await readFile(`${shipped}${name}`, 'utf8')] as const),
    );
    return new Map(entries);
  }
  const esbuild = 'esbuild';
  const { build } = (await import(/* @vite-ignore */ esbuild)) as typeof import('esbuild');
  const entry = fileURLToPath(new URL('./page-entry.ts', import.meta.url));
  const result = await build({ ...pageBundleOptions(entry), write: false, outdir: '/bundle' });
  return new Map(result.outputFiles.map((file) => [file.path.slice('/bundle'.length), file.text]));
}
