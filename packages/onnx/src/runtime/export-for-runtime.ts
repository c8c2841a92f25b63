/**
 * The exporter call the runner makes: `exportOnnx(model, { streamingState: true })`, with its
 * refusals re-labelled with the backend that refused the model.
 */
import { type BackendId, type Model, RnnkitError } from '@rnnkit/core';

export async function exportForRuntime(model: Model, backend: BackendId): Promise<Uint8Array> {
  void model;
  // Placeholder until packages/onnx/src/export lands (being written in parallel).
  throw new RnnkitError(
    'BACKEND_UNAVAILABLE',
    `${backend}: the ONNX exporter is not available yet`,
    { backend },
  );
}
