/**
 * The browser stand-in for node-wasm-paths.ts (package.json `browser` field): bundlers for the
 * browser resolve this file instead, so they never meet `node:module`. setup.ts only calls it
 * in Node, so reaching it means a Node check went wrong.
 */
export function installedWasmDirectory(): string {
  throw new Error('installedWasmDirectory is Node-only (the browser build has no file system)');
}
