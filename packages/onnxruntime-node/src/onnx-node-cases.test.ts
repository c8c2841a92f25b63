import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { describeRawOnnxNodeCases } from '../../onnx/src/runtime/test-support/raw-onnx-node-suite.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/onnx-node', import.meta.url));

describeRawOnnxNodeCases(
  'ort-node-cpu',
  async () => ort,
  { executionProviders: ['cpu'], logSeverityLevel: 4 },
  fixtures,
);
