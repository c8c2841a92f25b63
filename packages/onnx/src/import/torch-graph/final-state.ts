/**
 * Final states: Concat of the RNN nodes' Y_h (or Y_c) on axis 0 is PyTorch's h_n / c_n
 * [layers*directions, batch, hidden] (a spec stateOutput), and `h[-1]` (Gather on axis 0) picks
 * one row of it. A row of a one-direction layer is that layer's returnSequences=false output; a
 * row of a bidirectional layer is one direction only (a StateRowValue), which the spec can output
 * only as `torch.cat((h_n[-2], h_n[-1]), dim=1)`: both directions of one layer, forward first,
 * which is that layer's returnSequences=false output with concat merging.
 */
import { type ConcatStatesLayer, isRecurrentLayer, type LayerSpec } from '@rnnkit/core';
import type { OnnxNode } from '../../proto/types.js';
import {
  inputValue,
  intAttribute,
  intsAttribute,
  type LiftContext,
  layerName,
  refuse,
  sameDim,
} from './context.js';
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

/** One final-state row picked by `h_n[i]`: a stateRow, or the data value of a one-direction row. */
interface Row {
  entry: FinalStateEntry;
  direction: 0 | 1;
  state: 'h' | 'c';
}

function asRow(value: LiftValue | undefined): Row | undefined {
  if (value?.kind === 'stateRow' && !value.sliced)
    return { entry: value.entry, direction: value.direction, state: value.state ?? 'h' };
  if (value?.kind === 'data' && value.row) return { ...value.row, direction: 0 };
  return undefined;
}

/**
 * Whole layers' final states side by side on the feature axis, each layer forward then backward:
 * `torch.cat((h_n[-2], h_n[-1]), dim=1)` of one bidirectional layer is its returnSequences=false
 * output; anything else (several layers, `torch.cat([h_n[i] for i in ...], 1)`, cell states) is
 * a concatStates layer reading those layers.
 */
function concatRows(node: OnnxNode, ctx: LiftContext, parts: (LiftValue | undefined)[]): LiftValue {
  const axis = intAttribute(node, 'axis') ?? 0;
  const rows = parts.map(asRow);
  const fail = (detail: string) =>
    refuse(
      node,
      `${detail}; final-state rows concatenate on the feature axis, whole layers at a time, each forward then backward (as in h_n)`,
    );
  if (rows.some((r) => r === undefined)) throw fail('not every input is one final-state row');
  if (axis !== 1 && axis !== -1) throw fail(`axis ${axis}`);
  const entries: FinalStateEntry[] = [];
  for (let i = 0; i < rows.length; ) {
    const { entry, state } = rows[i] as Row;
    refuseSorted(node, entry);
    if (state !== (rows[0] as Row).state) throw fail('hidden and cell states are mixed');
    if (entries.includes(entry)) throw fail(`layer '${entry.layer}' appears twice`);
    for (let d = 0; d < entry.directions; d++) {
      const row = rows[i + d];
      if (row?.entry !== entry || row.direction !== d)
        throw fail(`the rows of layer '${entry.layer}' are not all there in order`);
    }
    entries.push(entry);
    i += entry.directions;
  }
  return concatStatesValue(node, ctx, entries, (rows[0] as Row).state);
}

/** The data value of `entries`' final states side by side (see concatRows). */
function concatStatesValue(
  node: OnnxNode,
  ctx: LiftContext,
  entries: FinalStateEntry[],
  state: 'h' | 'c',
): LiftValue {
  if (ctx.timeAxis === undefined) throw refuse(node, 'no RNN node fixed the time axis');
  const batch = { tag: ctx.timeAxis === 'in0' ? ('in1' as const) : ('in0' as const) };
  const deepest = entries.reduce((a, b) => (b.layers.length > a.layers.length ? b : a));
  for (const entry of entries) {
    const at = deepest.layers[entry.layers.length - 1];
    if (at?.name !== entry.layer)
      throw refuse(
        node,
        `layer '${entry.layer}' is not on the model input's path to '${deepest.layer}'`,
      );
  }
  const width = entries.reduce((n, e) => n + e.directions * e.units, 0);
  const last = deepest.layers[deepest.layers.length - 1];
  if (
    state === 'h' &&
    entries.length === 1 &&
    last &&
    isRecurrentLayer(last) &&
    (last.mergeMode ?? 'concat') === 'concat'
  ) {
    // cat((h_n[-2], h_n[-1]), 1) of the last bidirectional layer, or h_n[i] of the last layer.
    return {
      kind: 'data',
      axes: [batch, { tag: 'feature', size: width }],
      layers: finalStateLayers(node, deepest.layers),
    };
  }
  const layer: ConcatStatesLayer = {
    type: 'concatStates',
    name: layerName(ctx, node, 'concat_states', true),
    kind: state,
    layers: entries.map((e) => e.layer),
  };
  return {
    kind: 'data',
    axes: [batch, { tag: 'feature', size: width }],
    layers: [...finalStateLayers(node, deepest.layers), layer],
  };
}

const concat: Handler = (node, ctx) => {
  const parts = node.input.map((_, i) => inputValue(ctx, node, i));
  if (parts.some((p) => asRow(p) !== undefined)) return concatRows(node, ctx, parts);
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
  if (entry.directions !== 1 || states.state !== 'h') {
    // `at` is now the row within this layer: 0 forward, 1 backward. A cell state or one direction
    // of two is no spec output alone; concatenated with the rest of its layer it can be.
    return {
      kind: 'stateRow',
      state: states.state,
      entry,
      direction: at === 0 ? 0 : 1,
      node,
      sliced: false,
    };
  }
  if (ctx.timeAxis === undefined) throw refuse(node, 'no RNN node fixed the time axis');
  return {
    kind: 'data',
    axes: [{ tag: ctx.timeAxis === 'in0' ? 'in1' : 'in0' }, { tag: 'feature', size: entry.units }],
    layers: finalStateLayers(node, entry.layers),
    row: { entry, state: 'h' },
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
    if (!inside && start < to && row > from && to - from !== 1) {
      throw refuse(
        node,
        `rows [${from}, ${to}) split bidirectional layer '${e.layer}'; the spec's output merges both directions`,
      );
    }
    return inside;
  });
  if (entries.length === 0 && to - from === 1) {
    // One row of a bidirectional layer (h[-2] written as Slice [-2:-1] in opsets 9-10).
    const row = selectRow(node, ctx, states, from);
    if (row.kind === 'stateRow') return { ...row, sliced: true };
  }
  if (entries.length === 0) throw refuse(node, `rows [${from}, ${to}) select no final state`);
  return { kind: 'finalState', state: states.state, entries };
};

/** Shape of stacked final states: [rows, batch, hidden] (for `h_n.size(1)` in a reshape). */
const shape: Handler = (node, ctx) => {
  const states = inputValue(ctx, node, 0);
  if (states?.kind !== 'finalState') return undefined;
  if (node.attribute.length > 0 || ctx.timeAxis === undefined)
    throw refuse(node, 'only the whole shape of final states is understood');
  const rows = states.entries.reduce((n, e) => n + e.directions, 0);
  const units = states.entries[0].units;
  if (states.entries.some((e) => e.units !== units))
    throw refuse(node, 'final states of layers with different sizes do not stack');
  const batch = ctx.timeAxis === 'in0' ? 'in1' : 'in0';
  return states.batchMajor
    ? { kind: 'shape', dims: [batch, rows, units] }
    : { kind: 'shape', dims: [rows, batch, units] };
};

/** `h_n.permute(1, 0, 2)`: batch first, rows next (only a Reshape to [batch, -1] may follow). */
const transpose: Handler = (node, ctx) => {
  const states = inputValue(ctx, node, 0);
  if (states?.kind !== 'finalState') return undefined;
  if ((intsAttribute(node, 'perm') ?? []).join() !== '1,0,2' || states.batchMajor)
    throw refuse(node, 'only h_n.permute(1, 0, 2) of final states is understood');
  return { ...states, batchMajor: true };
};

/** `h_n.permute(1, 0, 2).reshape(batch, -1)`: every row side by side, in h_n's order. */
const reshape: Handler = (node, ctx) => {
  const states = inputValue(ctx, node, 0);
  if (states?.kind !== 'finalState') return undefined;
  const target = inputValue(ctx, node, 1);
  const dims =
    target?.kind === 'shape'
      ? target.dims
      : target?.kind === 'const' && target.dims.length === 1
        ? Array.from(target.values)
        : undefined;
  const batch = ctx.timeAxis === 'in0' ? 'in1' : 'in0';
  const width = states.entries.reduce((n, e) => n + e.directions * e.units, 0);
  const ok =
    states.batchMajor === true &&
    dims?.length === 2 &&
    (sameDim(ctx, dims[0], batch) || dims[0] === 0) &&
    (dims[1] === -1 || dims[1] === width);
  if (!ok)
    throw refuse(
      node,
      'only h_n.permute(1, 0, 2).reshape(batch, -1) of final states is understood',
    );
  for (const entry of states.entries) refuseSorted(node, entry);
  return concatStatesValue(node, ctx, states.entries, states.state);
};

export const FINAL_STATE_HANDLERS: Record<string, Handler> = {
  Shape: shape,
  Transpose: transpose,
  Reshape: reshape,
  Concat: concat,
  Gather: gather,
  Squeeze: squeeze,
  Slice: slice,
};
