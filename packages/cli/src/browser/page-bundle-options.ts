/**
 * esbuild options for the conformance page, shared by the build (scripts/bundle-page.mjs) and the
 * run-time bundling from sources. A plain browser bundle: the package's `browser` field swaps
 * the Node-only modules out, so nothing needs marking external.
 */
export function pageBundleOptions(entry: string) {
  return {
    entryPoints: [entry],
    bundle: true,
    format: 'esm' as const,
    platform: 'browser' as const,
    target: 'es2022',
    logLevel: 'error' as const,
    // Each backend package stays in its own lazily loaded chunk.
    splitting: true,
    entryNames: 'page',
    chunkNames: 'chunk-[hash]',
  };
}
