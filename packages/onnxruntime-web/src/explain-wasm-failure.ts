/**
 * When onnxruntime-web cannot fetch or instantiate its .wasm in a browser, ORT's own message
 * ("no available backend found", "expected magic word") names neither the URL it tried nor the
 * setting that moves it. This wraps such failures into BACKEND_UNAVAILABLE naming both.
 */
import { RnnkitError } from '@rnnkit/core';

const WASM_FILE = 'ort-wasm-simd-threaded.wasm';

/** The .wasm URL ORT fetches: `wasmPaths` + file, or (unset) beside its own bundled module. */
export function wasmUrlTried(wasmPaths: string | undefined, ortModuleUrl: string): string {
  try {
    return new URL(WASM_FILE, wasmPaths ?? ortModuleUrl).href;
  } catch {
    return `${wasmPaths ?? ''}${WASM_FILE}`;
  }
}

export function looksLikeWasmFailure(error: unknown): boolean {
  const text =
    error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error);
  return /wasm|fetch|magic word|no available backend|Aborted/i.test(text);
}

export function explainWasmFailure(
  error: unknown,
  backend: string,
  wasmPaths: string | undefined,
  ortModuleUrl: string,
): RnnkitError {
  const url = wasmUrlTried(wasmPaths, ortModuleUrl);
  const message = error instanceof Error ? error.message : String(error);
  return new RnnkitError(
    'BACKEND_UNAVAILABLE',
    `${backend}: onnxruntime-web could not load its WebAssembly from ${url}${wasmPaths === undefined ? ' (its default: beside the bundled script)' : ''}. Serve the files of onnxruntime-web/dist/*.wasm at a URL and pass it as createOrtWebBackend({ wasmPaths: 'https://…/' }) (rnnkit: createBackend(id, { wasmPaths })). ORT said: ${message}`,
    { backend, cause: error },
  );
}
