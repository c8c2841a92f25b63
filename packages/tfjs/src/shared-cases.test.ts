/**
 * The shared conformance data on tfjs-cpu and tfjs-wasm: the 18 ONNX backend node cases (imported
 * with @rnnkit/onnx, compared with ONNX's recorded outputs in ONNX's layout) and the PyTorch
 * reference fixtures committed in @rnnkit/core (compared with PyTorch's recorded outputs).
 * The data stays where it was written, and so do the suites: the ORT backends and rnnkit-wasm
 * run the same ones.
 */
import { fileURLToPath } from 'node:url';
import { describePytorchFixtureCases } from '../../core/src/reference/test-support/pytorch-fixture-suite.js';
import { describeImportedOnnxNodeCases } from '../../onnx/src/runtime/test-support/imported-onnx-node-suite.js';
import { createTfjsBackend } from './create-tfjs-backend.js';

const ONNX_NODE = fileURLToPath(new URL('../../onnx/src/__fixtures__/onnx-node/', import.meta.url));

for (const name of ['cpu', 'wasm'] as const) {
  const backend = createTfjsBackend({ backend: name });
  describeImportedOnnxNodeCases(backend.id, () => backend, ONNX_NODE);
  describePytorchFixtureCases(backend);
}
