/**
 * `out[:, -1, :]` (batch_first) / `out[-1]` (time-major): the last time step of the last RNN's
 * output, written as Gather(index -1) on the time axis, or (opset 9) Slice [-1:] + Squeeze.
 * For a forward layer that is exactly returnSequences=false. For a bidirectional layer it is NOT:
 * the backward half at the last step has consumed one token, while the spec's non-sequence output
 * is the backward direction's final state (after consuming t=0). So it is refused, as is a reverse
 * layer and a selection after anything but the recurrent layer itself.
 */
import type { LayerSpec } from '@rnnkit/core';
import { isRecurrentLayer } from '@rnnkit/core';
import type { OnnxNode } from '../../proto/types.js';
import { inputValue, intAttribute, intsAttribute, type LiftContext, refuse } from './context.js';
import { sliceParameters } from './slice-parameters.js';
import type { DataValue, LiftValue } from './values.js';

type Handler = (node: OnnxNode, ctx: LiftContext) => LiftValue | undefined;

/** The layers with the last recurrent layer switched to returnSequences=false, or a refusal. */
export function lastStepLayers(
  node: OnnxNode,
  layers: readonly LayerSpec[],
  what: string,
): LayerSpec[] {
  const last = layers[layers.length - 1];
  if (last === undefined || !isRecurrentLayer(last) || last.returnSequences !== true) {
    throw refuse(
      node,
      `${what} must follow an RNN/LSTM/GRU node directly (found ${last ? `a ${last.type} layer` : 'no layer'})`,
    );
  }
  const direction = last.direction ?? 'forward';
  if (direction !== 'forward') {
    throw refuse(
      node,
      `${what} of a ${direction} layer is not its final state (the backward direction has read only one step there); the spec cannot express it`,
    );
  }
  return [...layers.slice(0, -1), { ...last, returnSequences: false }];
}

function timeAxisIndex(ctx: LiftContext, node: OnnxNode, data: DataValue, axis: number): number {
  const index = axis < 0 ? axis + data.axes.length : axis;
  if (ctx.timeAxis === undefined || data.axes[index]?.tag !== ctx.timeAxis) {
    throw refuse(
      node,
      `only selecting along the time axis is understood, not axis ${axis} of [${data.axes.map((a) => a.tag)}]`,
    );
  }
  if (data.axes.some((a) => a.tag === 'direction'))
    throw refuse(node, 'selection before the directions are merged');
  return index;
}

function selectLast(node: OnnxNode, data: DataValue, axis: number): DataValue {
  return {
    kind: 'data',
    axes: data.axes.filter((_, i) => i !== axis),
    layers: lastStepLayers(node, data.layers, 'selecting the last time step'),
  };
}

const gather: Handler = (node, ctx) => {
  const data = inputValue(ctx, node, 0);
  if (data?.kind !== 'data') return undefined;
  const index = inputValue(ctx, node, 1);
  if (index?.kind !== 'const' || index.dims.length !== 0 || index.values[0] !== -1) {
    throw refuse(
      node,
      'only Gather of the last time step (constant scalar index -1) is understood on the data',
    );
  }
  const axis = timeAxisIndex(ctx, node, data, intAttribute(node, 'axis', 0) ?? 0);
  return selectLast(node, data, axis);
};

const slice: Handler = (node, ctx) => {
  const data = inputValue(ctx, node, 0);
  if (data?.kind !== 'data') return undefined;
  const p = sliceParameters(ctx, node, data.axes.length);
  if (p.axes.length !== 1 || p.starts[0] !== -1 || p.steps[0] !== 1 || p.ends[0] < 2 ** 31 - 1) {
    throw refuse(node, 'only Slice of the last time step ([-1:]) is understood on the data');
  }
  const axis = timeAxisIndex(ctx, node, data, p.axes[0]);
  return { kind: 'lastStep', data, axis };
};

const squeeze: Handler = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  if (x?.kind !== 'lastStep') return undefined;
  let axes = intsAttribute(node, 'axes');
  if (axes === undefined) {
    const given = inputValue(ctx, node, 1);
    axes = given?.kind === 'const' ? Array.from(given.values) : undefined;
  }
  const rank = x.data.axes.length;
  if (axes?.length !== 1 || (axes[0] < 0 ? axes[0] + rank : axes[0]) !== x.axis) {
    throw refuse(node, 'expected the Squeeze of the sliced time axis');
  }
  return selectLast(node, x.data, x.axis);
};

export const STEP_SELECTION_HANDLERS: Record<string, Handler> = {
  Gather: gather,
  Slice: slice,
  Squeeze: squeeze,
};
