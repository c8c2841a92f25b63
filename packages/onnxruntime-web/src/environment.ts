/**
 * Where onnxruntime-web runs. In Node its wasm files are read from the installed package (never
 * fetched), and WebGPU does not exist there.
 */
export function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return (
    typeof proc?.versions?.node === 'string' &&
    typeof (globalThis as { window?: unknown }).window === 'undefined'
  );
}

export function hasWebGpu(): boolean {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  return nav?.gpu !== undefined && nav.gpu !== null;
}

/**
 * The installed onnxruntime-web `dist/` directory as a file: URL ending in '/', for
 * `ort.env.wasm.wasmPaths` in Node. The specifiers are built at run time so browser bundlers do
 * not try to resolve Node built-ins.
 */
export async function nodeWasmDirectory(): Promise<string> {
  const moduleName = 'node:module';
  const urlName = 'node:url';
  const { createRequire } = (await import(
    /* @vite-ignore */ moduleName
  )) as typeof import('node:module');
  const { pathToFileURL } = (await import(/* @vite-ignore */ urlName)) as typeof import('node:url');
  const require = createRequire(import.meta.url);
  const wasmFile = require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm');
  const href = pathToFileURL(wasmFile).href;
  return href.slice(0, href.lastIndexOf('/') + 1);
}
