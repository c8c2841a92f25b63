/**
 * Where tfjs-wasm was told to fetch its .wasm binaries, so a failed start can name the URL and
 * the option. Without `wasmPaths`, tfjs-wasm's emscripten loader looks beside the page (a
 * module script has no `document.currentScript`), which a bundled app rarely serves.
 */
let configured: string | undefined;

export function recordWasmPaths(paths: string | Record<string, string> | undefined): void {
  configured = typeof paths === 'string' ? paths : paths ? JSON.stringify(paths) : undefined;
}

export function describeWasmFailure(): string {
  const href = (globalThis as { location?: { href?: string } }).location?.href;
  const where =
    configured ??
    (href
      ? `${new URL('./', href).href} (tfjs-wasm's default: beside the page)`
      : "tfjs-wasm's default");
  return `tfjs-wasm could not load its WebAssembly (tfjs-backend-wasm.wasm, tfjs-backend-wasm-simd.wasm, tfjs-backend-wasm-threaded-simd.wasm) from ${where}. Serve the .wasm files of @tensorflow/tfjs-backend-wasm/dist at a URL and pass it as createTfjsBackend({ backend: 'wasm', wasmPaths: 'https://…/' }) (rnnkit: createBackend('tfjs-wasm', { wasmPaths }))`;
}
