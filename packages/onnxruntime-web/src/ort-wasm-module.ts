/**
 * onnxruntime-web's plain wasm build, for the 'wasm' provider. In Node the package's main entry
 * is its Node build (wasm only, no JSEP); browser bundles get `onnxruntime-web/wasm` instead
 * through package.json's `browser` field (ort-wasm-module-browser.ts), so a page that runs
 * ort-web-wasm never downloads the ~30 MB JSEP/WebGPU binary that the main entry would pull in.
 */
export * from 'onnxruntime-web';
