/** Embedding: each token id picks its row of `embeddings` [inputDim, outputDim]. Ids were checked by prepareRunInputs. */
import type { EmbeddingLayer } from '../spec/types.js';
import type { Weights } from '../weights/canonical.js';
import { weight64 } from './cell-weights.js';
import type { LayerValues } from './values.js';

export function runEmbedding(
  layer: EmbeddingLayer,
  weights: Weights,
  tokens: Int32Array,
  batch: number,
  time: number,
): LayerValues {
  const table = weight64(weights, `${layer.name}/embeddings`);
  const width = layer.outputDim;
  const data = new Float64Array(batch * time * width);
  for (let i = 0; i < batch * time; i++) {
    data.set(table.subarray(tokens[i] * width, (tokens[i] + 1) * width), i * width);
  }
  return { batch, time, features: width, sequence: true, data };
}
