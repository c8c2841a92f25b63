/** Options of `createBackend`, shared by the Node and the browser implementations. */
export interface CreateBackendOptions {
  /**
   * tfjs-wasm and ort-web-*: where their .wasm binaries are served, a directory URL ending in
   * '/'. Default: in Node, the installed packages; in browsers, each runtime's own default
   * (resolved by the bundler next to the script, or the error names the URL it tried).
   */
  wasmPaths?: string;
}
