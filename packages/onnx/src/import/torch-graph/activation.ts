/**
 * torch.sigmoid / tanh / relu / softmax(dim=-1) after a Linear layer -> that dense layer's
 * activation. Anywhere else (after an RNN, or a second activation) the spec has no place for it.
 */
import type { Activation, DenseLayer } from '@rnnkit/core';
import type { OnnxNode } from '../../proto/types.js';
import { inputValue, intAttribute, type LiftContext, onlyAttributes, refuse } from './context.js';
import type { LiftValue } from './values.js';

type Handler = (node: OnnxNode, ctx: LiftContext) => LiftValue | undefined;

const ACTIVATIONS: Record<string, Activation> = {
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
  Relu: 'relu',
  Softmax: 'softmax',
  LogSoftmax: 'logSoftmax',
};

const activation: Handler = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  if (x?.kind !== 'data') return undefined;
  const dense = x.layers[x.layers.length - 1];
  if (dense?.type !== 'dense' || (dense.activation ?? 'linear') !== 'linear') {
    throw refuse(node, 'an activation is understood only right after a Linear layer');
  }
  if (node.opType === 'Softmax' || node.opType === 'LogSoftmax') {
    onlyAttributes(node, ['axis']);
    // Softmax's default axis changed from 1 to -1 in opset 13; before 13 it flattens at `axis`,
    // which equals a last-axis softmax only when axis is the last axis.
    const fallback = ctx.opset === undefined ? undefined : ctx.opset >= 13 ? -1 : 1;
    const axis = intAttribute(node, 'axis', fallback);
    const rank = x.axes.length;
    if (axis === undefined || (axis < 0 ? axis + rank : axis) !== rank - 1) {
      throw refuse(
        node,
        `only softmax over the last axis is supported (axis ${axis ?? 'default, opset unknown'} of rank ${rank})`,
      );
    }
  } else {
    onlyAttributes(node, []);
  }
  const layer: DenseLayer = { ...dense, activation: ACTIVATIONS[node.opType] };
  return { kind: 'data', axes: x.axes, layers: [...x.layers.slice(0, -1), layer] };
};

export const ACTIVATION_HANDLERS: Record<string, Handler> = {
  Sigmoid: activation,
  Tanh: activation,
  Relu: activation,
  Softmax: activation,
  LogSoftmax: activation,
};
