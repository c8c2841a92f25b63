/**
 * Transpose, Squeeze and Reshape of the model's data: the batch_first transposes around each RNN
 * node, the Squeeze of a one-direction Y [T, 1, B, H], and the bidirectional merge
 * Y [T, 2, B, H] -> Transpose [T, B, 2, H] -> Reshape [T, B, 2H] (forward half first, which is
 * the spec's 'concat' merge). Any other reshape of the data is refused.
 */
import type { OnnxNode } from '../../proto/types.js';
import {
  inputValue,
  intAttribute,
  intsAttribute,
  type LiftContext,
  refuse,
  sameDim,
} from './context.js';
import { type Axis, axisDim, type DataValue, type LiftValue, type SymbolicDim } from './values.js';

type Handler = (node: OnnxNode, ctx: LiftContext) => LiftValue | undefined;

const transpose: Handler = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  if (x?.kind !== 'data') return undefined;
  const perm = intsAttribute(node, 'perm') ?? x.axes.map((_, i) => x.axes.length - 1 - i);
  if (perm.length !== x.axes.length || [...perm].sort().some((p, i) => p !== i))
    throw refuse(node, `bad perm [${perm}]`);
  const result: DataValue = { kind: 'data', axes: perm.map((p) => x.axes[p]), layers: x.layers };
  return result;
};

const squeeze: Handler = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  if (x?.kind !== 'data') return undefined;
  let axes = intsAttribute(node, 'axes');
  if (axes === undefined) {
    const given = inputValue(ctx, node, 1);
    if (given?.kind !== 'const') throw refuse(node, 'Squeeze of the data needs constant axes');
    axes = Array.from(given.values);
  }
  const drop = axes.map((a) => (a < 0 ? a + x.axes.length : a));
  for (const a of drop) {
    const axis = x.axes[a];
    if (axis?.tag !== 'direction' || axis.size !== 1) {
      throw refuse(
        node,
        `only the size-1 direction axis of a one-direction RNN output can be squeezed, not axis ${a}`,
      );
    }
  }
  const result: DataValue = {
    kind: 'data',
    axes: x.axes.filter((_, i) => !drop.includes(i)),
    layers: x.layers,
  };
  return result;
};

const reshape: Handler = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  if (x?.kind !== 'data') return undefined;
  const target = inputValue(ctx, node, 1);
  const dims: SymbolicDim[] | undefined =
    target?.kind === 'const' && target.dims.length === 1
      ? Array.from(target.values)
      : target?.kind === 'shape'
        ? target.dims
        : undefined;
  if (dims === undefined)
    throw refuse(node, 'the Reshape target must be a constant or a shape built from the input');
  const allowZero = (intAttribute(node, 'allowzero', 0) ?? 0) === 1;
  const n = x.axes.length;
  const direction = x.axes[n - 2];
  const feature = x.axes[n - 1];
  if (n !== 4 || direction?.tag !== 'direction' || feature?.tag !== 'feature') {
    throw refuse(
      node,
      `only merging an RNN output's [direction, hidden] axes is understood, found axes [${x.axes.map((a) => a.tag)}]`,
    );
  }
  const merged: Axis = { tag: 'feature', size: direction.size * feature.size };
  const expected = [axisDim(x.axes[0]), axisDim(x.axes[1]), merged.size];
  const inferred = dims.filter((d) => d === -1).length;
  const ok =
    dims.length === 3 &&
    inferred <= 1 &&
    dims.every(
      (d, i) => sameDim(ctx, d, expected[i]) || d === -1 || (d === 0 && !allowZero && i < 2),
    );
  if (!ok) throw refuse(node, `Reshape target [${dims}] is not [${expected}]`);
  const result: DataValue = {
    kind: 'data',
    axes: [x.axes[0], x.axes[1], merged],
    layers: x.layers,
  };
  return result;
};

const identity: Handler = (node, ctx) => inputValue(ctx, node, 0);

export const LAYOUT_HANDLERS: Record<string, Handler> = {
  Transpose: transpose,
  Squeeze: squeeze,
  Reshape: reshape,
  Identity: identity,
  Dropout: (node, ctx) => {
    // Dropout is the identity at inference, unless a training_mode input (opset 12+) turns it on.
    if (node.output.length > 1 && node.output[1] !== '')
      throw refuse(node, 'the Dropout mask output is not supported');
    const training = inputValue(ctx, node, 2);
    if (
      training !== undefined &&
      (training.kind !== 'const' || training.values.some((v) => v !== 0))
    ) {
      throw refuse(node, 'Dropout in training mode is not the identity');
    }
    return inputValue(ctx, node, 0);
  },
};
