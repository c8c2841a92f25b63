import { fileURLToPath } from 'node:url';
import { describeImportedOnnxNodeCases } from '../../onnx/src/runtime/test-support/imported-onnx-node-suite.js';
import { createOrtNodeBackend } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/onnx-node', import.meta.url));

describeImportedOnnxNodeCases('ort-node-cpu', () => createOrtNodeBackend(), fixtures);
