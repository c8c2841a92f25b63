import { fileURLToPath } from 'node:url';
import { describeImportedOnnxNodeCases } from '../../onnx/src/runtime/test-support/imported-onnx-node-suite.js';
import { createOrtWebBackend } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/onnx-node', import.meta.url));

describeImportedOnnxNodeCases(
  'ort-web-wasm',
  () => createOrtWebBackend({ executionProvider: 'wasm' }),
  fixtures,
);
