/**
 * Final states: Concat of the RNN nodes' Y_h (or Y_c) on axis 0 is PyTorch's h_n / c_n
 * [layers*directions, batch, hidden] (a spec stateOutput), and `h[-1]` (Gather on axis 0) picks
 * one row of it. A row of a one-direction layer is that layer's returnSequences=false output; a
 * row of a bidirectional layer is one direction only (a StateRowValue), which the spec can output
 * only as `torch.cat((h_n[-2], h_n[-1]), dim=1)`: both directions of one layer, forward first,
 * which is that layer's returnSequences=false output with concat merging.
 */
import { isRecurrentLayer, type LayerSpec } from '@rnnkit/core';
import type { OnnxNode } from '../../proto/types.js';
import { inputValue, intAttribute, intsAttribute, type LiftContext, refuse } from './context.js';
import { resolveRange, sliceParameters } from './slice-parameters.js';
import type { FinalStateEntry, FinalStateValue, LiftValue, StateRowValue } from './values.js';

type Handler = (node: OnnxNode, ctx: LiftContext) => LiftValue | undefined;

/** The data layers once a recurrent layer's final state is the output (returnSequences false). */
function finalStateLayers(node: OnnxNode, layers: readonly LayerSpec[]): LayerSpec[] {
  const last = layers[layers.length - 1];
  if (last === undefined || !isRecurrentLayer(last) || last.returnSequences !== true) {
    throw refuse(node, 'the final state must belong to the last RNN/LSTM/GRU layer of the data');
  }
  return [...layers.slice(0, -1), { ...last, returnSequences: false }];
}

/** Rows of final states still in pack_padded_sequence's sorted batch order are not an output. */
function refuseSorted(node: OnnxNode, entry: FinalStateEntry): void {
  if (entry.sorted === true)
    throw refuse(
      node,
      "the final states are still in pack_padded_sequence's sorted batch order (the inverse permutation comes first)",
    );
}

/** cat((h_n[-2], h_n[-1]), dim=1): one bidirectional layer's two final states, forward first. */
function concatRows(node: OnnxNode, ctx: LiftContext, parts: (LiftValue | undefined)[]): LiftValue {
  const axis = intAttribute(node, 'axis') ?? 0;
  const [forward, backward] = parts as StateRowValue[];
  if (forward?.kind === 'stateRow') refuseSorted(node, forward.entry);
  if (
    parts.length !== 2 ||
    parts.some((p) => p?.kind !== 'stateRow' || p.sliced) ||
    (axis !== 1 && axis !== -1) ||
    forward.entry !== backward.entry ||
    forward.direction !== 0 ||
    backward.direction !== 1
  ) {
    throw refuse(
      node,
      'only torch.cat((h_n[-2], h_n[-1]), dim=1) of one bidirectional layer (forward first, on the feature axis) is understood for single-direction final states',
    );
  }
  if (ctx.timeAxis === undefined) throw refuse(node, 'no RNN node fixed the time axis');
  const last = forward.entry.layers[forward.entry.layers.length - 1];
  if (last && isRecurrentLayer(last) && (last.mergeMode ?? 'concat') !== 'concat') {
    throw refuse(node, 'the layer does not concatenate its directions');
  }
  return {
    kind: 'data',
    axes: [
      { tag: ctx.timeAxis === 'in0' ? 'in1' : 'in0' },
      { tag: 'feature', size: 2 * forward.entry.units },
    ],
    layers: finalStateLayers(node, forward.entry.layers),
  };
}

const concat: Handler = (node, ctx) => {
  const parts = node.input.map((_, i) => inputValue(ctx, node, i));
  if (parts.some((p) => p?.kind === 'stateRow')) return concatRows(node, ctx, parts);
  if (!parts.some((p) => p?.kind === 'finalState')) return undefined;
  if ((intAttribute(node, 'axis') ?? 0) !== 0)
    throw refuse(node, 'final states concatenate on axis 0 only');
  const first = parts[0] as FinalStateValue;
  if (parts.some((p) => p?.kind !== 'finalState' || p.state !== first.state)) {
    throw refuse(node, 'only final states of one kind (all h or all c) can be concatenated');
  }
  return {
    kind: 'finalState',
    state: first.state,
    entries: parts.flatMap((p) => (p as FinalStateValue).entries),
  };
};

function selectRow(
  node: OnnxNode,
  ctx: LiftContext,
  states: FinalStateValue,
  row: number,
): LiftValue {
  const total = states.entries.reduce((n, e) => n + e.directions, 0);
  let at = row < 0 ? row + total : row;
  if (at < 0 || at >= total)
    throw refuse(node, `row ${row} is outside the ${total} stacked final states`);
  const entry = states.entries.find((e) => {
    if (at < e.directions) return true;
    at -= e.directions;
    return false;
  });
  if (entry === undefined) throw refuse(node, `row ${row} not found`);
  refuseSorted(node, entry);
  if (states.state !== 'h')
    throw refuse(node, 'selecting a cell state as an output is not supported');
  if (entry.directions !== 1) {
    // `at` is now the row within this layer: 0 forward, 1 backward.
    return { kind: 'stateRow', entry, direction: at === 0 ? 0 : 1, node, sliced: false };
  }
  if (ctx.timeAxis === undefined) throw refuse(node, 'no RNN node fixed the time axis');
  return {
    kind: 'data',
    axes: [{ tag: ctx.timeAxis === 'in0' ? 'in1' : 'in0' }, { tag: 'feature', size: entry.units }],
    layers: finalStateLayers(node, entry.layers),
  };
}

const gather: Handler = (node, ctx) => {
  const states = inputValue(ctx, node, 0);
  if (states?.kind !== 'finalState') return undefined;
  const index = inputValue(ctx, node, 1);
  if (
    (intAttribute(node, 'axis', 0) ?? 0) !== 0 ||
    index?.kind !== 'const' ||
    index.dims.length !== 0
  ) {
    throw refuse(node, 'only a constant scalar row of the final states (h[i]) is understood');
  }
  return selectRow(node, ctx, states, index.values[0]);
};

const squeeze: Handler = (node, ctx) => {
  const states = inputValue(ctx, node, 0);
  if (states?.kind === 'stateRow' && states.sliced) return { ...states, sliced: false };
  if (states?.kind !== 'finalState') return undefined;
  let axes = intsAttribute(node, 'axes');
  if (axes === undefined) {
    const given = inputValue(ctx, node, 1);
    axes = given?.kind === 'const' ? Array.from(given.values) : undefined;
  }
  if (axes?.length !== 1 || axes[0] !== 0)
    throw refuse(node, 'only squeezing axis 0 of final states is understood');
  if (states.entries.reduce((n, e) => n + e.directions, 0) !== 1)
    throw refuse(node, 'axis 0 has more than one row');
  return selectRow(node, ctx, states, 0);
};

/** `h[-1:]` / `h[i:j]` (opsets 9-10 write h[-1] as Slice + Squeeze): whole layers' rows only. */
const slice: Handler = (node, ctx) => {
  const states = inputValue(ctx, node, 0);
  if (states?.kind !== 'finalState') return undefined;
  const p = sliceParameters(ctx, node, 3);
  if (p.axes.length !== 1 || p.axes[0] !== 0 || p.steps[0] !== 1) {
    throw refuse(node, 'only step-1 slices along axis 0 of final states are understood');
  }
  const total = states.entries.reduce((n, e) => n + e.directions, 0);
  const [from, to] = resolveRange(p.starts[0], p.ends[0], total);
  let row = 0;
  const entries = states.entries.filter((e) => {
    const start = row;
    row += e.directions;
    const inside = start >= from && row <= to;
    if (!inside && start < to && row > from && !(to - from === 1 && states.state === 'h')) {
      throw refuse(
        node,
        `rows [${from}, ${to}) split bidirectional layer '${e.layer}'; the spec's output merges both directions`,
      );
    }
    return inside;
  });
  if (entries.length === 0 && to - from === 1 && states.state === 'h') {
    // One row of a bidirectional layer (h[-2] written as Slice [-2:-1] in opsets 9-10).
    const row = selectRow(node, ctx, states, from);
    if (row.kind === 'stateRow') return { ...row, sliced: true };
  }
  if (entries.length === 0) throw refuse(node, `rows [${from}, ${to}) select no final state`);
  return { kind: 'finalState', state: states.state, entries };
};

export const FINAL_STATE_HANDLERS: Record<string, Handler> = {
  Concat: concat,
  Gather: gather,
  Squeeze: squeeze,
  Slice: slice,
};
