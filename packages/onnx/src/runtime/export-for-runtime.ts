/**
 * The exporter call the runner makes: `exportOnnx(model, { streamingState: true })`, with its
 * refusals re-labelled with the backend that refused the model, and the graph's recurrent nodes
 * named by layer (for reporting where ORT placed them).
 */
import {
  type BackendId,
  type Model,
  RnnkitError,
  recurrentLayers,
  unsupportedFeature,
} from '@rnnkit/core';
import { exportOnnxModel } from '../export/index.js';
import { encodeModel } from '../proto/index.js';

export interface ExportedForRuntime {
  bytes: Uint8Array;
  /** ONNX node name -> recurrent layer name. */
  recurrentNodes: Map<string, string>;
}

const RECURRENT_OPERATORS = new Set(['RNN', 'LSTM', 'GRU']);

export function exportForRuntime(model: Model, backend: BackendId): ExportedForRuntime {
  try {
    const onnx = exportOnnxModel(model, { streamingState: true });
    // The exporter emits one operator per recurrent layer, in layer order.
    const layers = recurrentLayers(model.spec);
    const nodes = onnx.graph.node.filter((node) => RECURRENT_OPERATORS.has(node.opType));
    const recurrentNodes = new Map<string, string>();
    if (nodes.length === layers.length) {
      for (let i = 0; i < nodes.length; i++) recurrentNodes.set(nodes[i].name, layers[i].name);
    }
    return { bytes: encodeModel(onnx), recurrentNodes };
  } catch (error) {
    if (RnnkitError.isInstance(error) && error.code === 'UNSUPPORTED_FEATURE') {
      const refusal = unsupportedFeature(backend, error.feature ?? 'a feature', error.message);
      throw Object.assign(refusal, { cause: error });
    }
    throw error;
  }
}
