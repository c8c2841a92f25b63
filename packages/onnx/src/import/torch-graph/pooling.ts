/**
 * `out.mean(dim=1)` / `out.max(dim=1).values` (dim=0 time-major): ReduceMean / ReduceMax over the
 * time axis with keepdims=0 -> a `pooling` layer over every step (`steps: 'all'`: PyTorch reduces
 * all positions, padded ones included). Axes come as an attribute, or (opset 18) an input.
 */
import type { PoolingLayer } from '@rnnkit/core';
import type { OnnxNode } from '../../proto/types.js';
import {
  inputValue,
  intAttribute,
  intsAttribute,
  type LiftContext,
  layerName,
  onlyAttributes,
  refuse,
} from './context.js';
import type { LiftValue } from './values.js';

type Handler = (node: OnnxNode, ctx: LiftContext) => LiftValue | undefined;

const reduce: Handler = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  if (x?.kind !== 'data') return undefined;
  onlyAttributes(node, ['axes', 'keepdims', 'noop_with_empty_axes']);
  let axes = intsAttribute(node, 'axes');
  if (axes === undefined) {
    const given = inputValue(ctx, node, 1);
    axes = given?.kind === 'const' ? Array.from(given.values) : undefined;
  }
  const rank = x.axes.length;
  const axis = axes?.length === 1 ? (axes[0] < 0 ? axes[0] + rank : axes[0]) : -1;
  if (ctx.timeAxis === undefined || x.axes[axis]?.tag !== ctx.timeAxis) {
    throw refuse(node, 'only a mean or max over the time axis (pooling) is understood on the data');
  }
  if ((intAttribute(node, 'keepdims', 1) ?? 1) !== 0) {
    throw refuse(node, 'only pooling that drops the time axis (keepdim=False) is understood');
  }
  if (x.axes.some((a) => a.tag === 'direction'))
    throw refuse(node, 'pooling before the directions are merged');
  const layer: PoolingLayer = {
    type: 'pooling',
    name: layerName(ctx, node, 'pooling', true),
    mode: node.opType === 'ReduceMean' ? 'mean' : 'max',
    steps: 'all',
  };
  return { kind: 'data', axes: x.axes.filter((_, i) => i !== axis), layers: [...x.layers, layer] };
};

export const POOLING_HANDLERS: Record<string, Handler> = {
  ReduceMean: reduce,
  ReduceMax: reduce,
};
