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
