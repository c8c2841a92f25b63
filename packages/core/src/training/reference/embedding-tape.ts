/**
 * Embedding (reference/embedding.ts): each id picks a row, so each row's gradient is the sum of
 * the output gradients at the positions holding its id (PyTorch's embedding_backward, dense).
 */
import type { LayerValues } from '../../reference/values.js';
import type { EmbeddingLayer } from '../../spec/types.js';
import type { ParameterStore } from './parameter-store.js';

export function forwardEmbedding(
  layer: EmbeddingLayer,
  store: ParameterStore,
  tokens: Int32Array,
  batch: number,
  time: number,
): LayerValues {
  const table = store.get(`${layer.name}/embeddings`);
  const width = layer.outputDim;
  const data = new Float64Array(batch * time * width);
  for (let i = 0; i < batch * time; i++) {
    data.set(table.subarray(tokens[i] * width, (tokens[i] + 1) * width), i * width);
  }
  return { batch, time, features: width, sequence: true, data };
}

export function backwardEmbedding(
  layer: EmbeddingLayer,
  tokens: Int32Array,
  dOutput: Float64Array,
  gradients: Map<string, Float64Array>,
): void {
  const width = layer.outputDim;
  const dTable = new Float64Array(layer.inputDim * width);
  for (let i = 0; i < tokens.length; i++) {
    const row = tokens[i] * width;
    for (let k = 0; k < width; k++) dTable[row + k] += dOutput[i * width + k];
  }
  gradients.set(`${layer.name}/embeddings`, dTable);
}
