/**
 * The exporter call the runner makes: `exportOnnx(model, { streamingState: true })`, with its
 * refusals re-labelled with the backend that refused the model.
 */
import { type BackendId, type Model, RnnkitError, unsupportedFeature } from '@rnnkit/core';
import { exportOnnx } from '../export/index.js';

export function exportForRuntime(model: Model, backend: BackendId): Uint8Array {
  try {
    return exportOnnx(model, { streamingState: true });
  } catch (error) {
    if (RnnkitError.isInstance(error) && error.code === 'UNSUPPORTED_FEATURE') {
      const refusal = unsupportedFeature(backend, error.feature ?? 'a feature', error.message);
      throw Object.assign(refusal, { cause: error });
    }
    throw error;
  }
}
