import { fileURLToPath } from 'node:url';
import type { OrtModule } from '@rnnkit/onnx';
import * as ort from 'onnxruntime-web';
import { describeRawOnnxNodeCases } from '../../onnx/src/runtime/test-support/raw-onnx-node-suite.js';
import { nodeWasmDirectory } from './environment.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/onnx-node', import.meta.url));

async function loadOrt(): Promise<OrtModule> {
  ort.env.wasm.wasmPaths ??= await nodeWasmDirectory();
  return ort as unknown as OrtModule;
}

describeRawOnnxNodeCases(
  'ort-web-wasm',
  loadOrt,
  { executionProviders: ['wasm'], logSeverityLevel: 4 },
  fixtures,
);
