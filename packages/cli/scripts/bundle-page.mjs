// Build step: bundles the conformance page (dist/browser/page-entry.js and the backends it loads
// lazily) for the browser into dist/browser-page/, so the published package runs
// `rnnkit conformance --browser` without a bundler. esbuild is a development dependency only.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { pageBundleOptions } from '../dist/browser/page-bundle-options.js';

const outdir = fileURLToPath(new URL('../dist/browser-page/', import.meta.url));
rmSync(outdir, { recursive: true, force: true });
await build({
  ...pageBundleOptions(fileURLToPath(new URL('../dist/browser/page-entry.js', import.meta.url))),
  outdir,
  minify: true,
  legalComments: 'linked',
});
