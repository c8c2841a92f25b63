/**
 * `out[:, -1, :]` (batch_first) / `out[-1]` (time-major): one time step of the last RNN's output,
 * written as Gather(constant index) on the time axis, or (opset 9) Slice [-1:] + Squeeze.
 * The last step of a forward layer is exactly returnSequences=false. For a bidirectional (or
 * reverse) layer it is NOT: the backward half at the last step has consumed one token, while the
 * spec's non-sequence output is the backward direction's final state (after consuming t=0). So
 * there, and for any other index, the step becomes a `selectStep` layer, which is what PyTorch
 * computes. A selection after anything but the recurrent layer itself is refused.
 */
import type { LayerSpec } from '@rnnkit/core';
import { isRecurrentLayer } from '@rnnkit/core';
import type { OnnxNode } from '../../proto/types.js';
import { inputValue, intAttribute, intsAttribute, type LiftContext, refuse } from './context.js';
import { sliceParameters } from './slice-parameters.js';
import type { DataValue, LiftValue } from './values.js';

type Handler = (node: OnnxNode, ctx: LiftContext) => LiftValue | undefined;

/**
 * The layers after selecting step `index`: the last recurrent layer switched to
 * returnSequences=false when that is the same thing (forward, last step), else a selectStep.
 */
export function lastStepLayers(
  node: OnnxNode,
  layers: readonly LayerSpec[],
  what: string,
  index = -1,
): LayerSpec[] {
  const last = layers[layers.length - 1];
  if (last === undefined || !isRecurrentLayer(last) || last.returnSequences !== true) {
    throw refuse(
      node,
      `${what} must follow an RNN/LSTM/GRU node directly (found ${last ? `a ${last.type} layer` : 'no layer'})`,
    );
  }
  if ((last.direction ?? 'forward') === 'forward' && index === -1) {
    return [...layers.slice(0, -1), { ...last, returnSequences: false }];
  }
  return [...layers, { type: 'selectStep', name: `${last.name}_step`, index }];
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

function selectLast(node: OnnxNode, data: DataValue, axis: number, index = -1): DataValue {
  return {
    kind: 'data',
    axes: data.axes.filter((_, i) => i !== axis),
    layers: lastStepLayers(node, data.layers, 'selecting a time step', index),
  };
}

const gather: Handler = (node, ctx) => {
  const data = inputValue(ctx, node, 0);
  if (data?.kind !== 'data') return undefined;
  const index = inputValue(ctx, node, 1);
  if (index?.kind !== 'const' || index.dims.length !== 0) {
    throw refuse(
      node,
      'only Gather of one time step (a constant scalar index) is understood on the data',
    );
  }
  const axis = timeAxisIndex(ctx, node, data, intAttribute(node, 'axis', 0) ?? 0);
  return selectLast(node, data, axis, index.values[0]);
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
