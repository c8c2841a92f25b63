export { checkGraph } from './graph-check.js';
export { importOnnx, importOnnxDetailed } from './import-onnx.js';
export type { ImportOnnxOptions, OnnxImport } from './result.js';
