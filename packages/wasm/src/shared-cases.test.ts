/**
 * The shared conformance data on rnnkit-wasm: the 18 ONNX backend node cases (imported with
 * @rnnkit/onnx, compared with ONNX's recorded outputs in ONNX's layout) and the PyTorch reference
 * fixtures committed in @rnnkit/core (compared with PyTorch's recorded outputs), through the
 * suites the ORT and tfjs backends run.
 */
import { fileURLToPath } from 'node:url';
import { describePytorchFixtureCases } from '../../core/src/reference/test-support/pytorch-fixture-suite.js';
import { describeImportedOnnxNodeCases } from '../../onnx/src/runtime/test-support/imported-onnx-node-suite.js';
import { createWasmBackend } from './index.js';

const ONNX_NODE = fileURLToPath(new URL('../../onnx/src/__fixtures__/onnx-node/', import.meta.url));

const backend = createWasmBackend();
describeImportedOnnxNodeCases(backend.id, () => backend, ONNX_NODE);
describePytorchFixtureCases(backend);
