import { describeOrtBackend } from '../../onnx/src/runtime/test-support/ort-backend-suite.js';
import { createOrtNodeBackend } from './index.js';

describeOrtBackend('ort-node-cpu', () => createOrtNodeBackend());
