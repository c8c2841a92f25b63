/**
 * Where the corpus finds its recorded data: the fixtures committed beside the packages that
 * test them (the conformance cases are data, written once and run by every backend).
 */
import { fileURLToPath } from 'node:url';

const REPOSITORY = new URL('../../../../', import.meta.url);

export const ONNX_NODE_FIXTURES = fileURLToPath(
  new URL('packages/onnx/src/__fixtures__/onnx-node/', REPOSITORY),
);
export const TORCH_EXPORT_FIXTURES = fileURLToPath(
  new URL('packages/onnx/src/__fixtures__/torch-export/', REPOSITORY),
);
/** Real Keras / TF.js files and their recorded or independently computed outputs. */
export const KERAS_FIXTURES = fileURLToPath(
  new URL('packages/keras/src/__fixtures__/', REPOSITORY),
);
/** PyTorch 1.13 runs of random-weight modules, converted to spec + canonical weights. */
export const PYTORCH_REFERENCE_FIXTURES = fileURLToPath(
  new URL('packages/core/src/reference/__fixtures__/torch/', REPOSITORY),
);
