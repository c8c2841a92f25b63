/** ort-wasm-module.ts for browsers (package.json `browser` field): the plain wasm build. */
export * from 'onnxruntime-web/wasm';
