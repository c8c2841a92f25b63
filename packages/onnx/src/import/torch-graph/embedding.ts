/** `nn.Embedding`: Gather(weight initializer [vocab, dim], token ids) on axis 0, first in the model. */
import type { EmbeddingLayer } from '@rnnkit/core';
import type { OnnxNode } from '../../proto/types.js';
import { inputValue, intAttribute, type LiftContext, layerName, refuse } from './context.js';
import type { LiftValue } from './values.js';

type Handler = (node: OnnxNode, ctx: LiftContext) => LiftValue | undefined;

const gather: Handler = (node, ctx) => {
  const table = inputValue(ctx, node, 0);
  const ids = inputValue(ctx, node, 1);
  if (table?.kind !== 'const' || ids?.kind !== 'data') return undefined;
  if ((intAttribute(node, 'axis', 0) ?? 0) !== 0 || table.dims.length !== 2) {
    throw refuse(node, 'an embedding lookup gathers rows (axis 0) of a 2-D table');
  }
  if (ids.layers.length > 0 || ids.axes.length !== 2 || ids.axes.some((a) => a.tag === 'feature')) {
    throw refuse(node, 'an embedding lookup must read the token ids input directly');
  }
  const [inputDim, outputDim] = table.dims;
  const fallback = table.source?.replace(/\.weight$/, '');
  const name = layerName(ctx, { ...node, name: fallback ?? node.name }, 'embedding');
  ctx.weights.set(`${name}/embeddings`, {
    shape: [inputDim, outputDim],
    data: Float32Array.from(table.values),
  });
  const layer: EmbeddingLayer = { type: 'embedding', name, inputDim, outputDim };
  return {
    kind: 'data',
    axes: [...ids.axes, { tag: 'feature', size: outputDim }],
    layers: [layer],
  };
};

export const EMBEDDING_HANDLERS: Record<string, Handler> = { Gather: gather };
