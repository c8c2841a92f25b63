/**
 * Where we run. Only feature tests, so the main entry stays importable in browsers and
 * workers (no Node module is imported here).
 */
export function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return (
    typeof proc?.versions?.node === 'string' &&
    typeof (globalThis as { window?: unknown }).window === 'undefined'
  );
}

export function hasWebGl(): boolean {
  const g = globalThis as { WebGL2RenderingContext?: unknown; WebGLRenderingContext?: unknown };
  return (
    typeof g.WebGL2RenderingContext !== 'undefined' ||
    typeof g.WebGLRenderingContext !== 'undefined'
  );
}

export function hasWebGpu(): boolean {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  return nav?.gpu !== undefined && nav.gpu !== null;
}
