/**
 * The abstract values the torch-graph lifter computes for every ONNX value name. Instead of
 * matching fixed node sequences (which change between exporter versions and opsets), the lifter
 * interprets the graph over these values: constants are folded, shapes stay symbolic in batch and
 * time, and the tensor that flows from the model input carries the spec layers applied so far.
 * A node whose inputs are not of the kinds its handler understands is refused.
 */
import type { LayerSpec } from '@rnnkit/core';
import type { OnnxNode } from '../../proto/types.js';

/** The two axes of the model input that are not features; which is time is learnt at the first RNN node. */
export type InputAxis = 'in0' | 'in1';

/** A dimension: a number, or one of the input's run-time axes. */
export type SymbolicDim = number | InputAxis;

export type Axis =
  /**
   * `sorted`: the batch axis reordered by pack_padded_sequence's sort (enforce_sorted=False);
   * only the inverse permutation's Gather clears it, and no output may carry it.
   */
  | { tag: InputAxis; sorted?: true }
  | { tag: 'feature'; size: number }
  /** The num_directions axis of an RNN node's Y output. */
  | { tag: 'direction'; size: number };

/** A known tensor (initializer, Constant, or folded); values as float64, int64 exact to 2^53. */
export interface ConstValue {
  kind: 'const';
  dims: number[];
  values: Float64Array;
  /** OnnxDataType of the source. */
  dataType: number;
  /** Initializer name when the value is one (weights are named after it in errors). */
  source?: string;
}

/** A 1-D int64 shape vector with symbolic entries (Shape of the data, Concat, Unsqueeze). */
export interface ShapeValue {
  kind: 'shape';
  dims: SymbolicDim[];
}

/** A 0-D int64 holding one symbolic dimension (Gather of a shape vector). */
export interface DimValue {
  kind: 'dim';
  dim: SymbolicDim;
}

/** An all-zero float tensor of a (symbolic) shape: PyTorch's default initial state. */
export interface ZerosValue {
  kind: 'zeros';
  dims: SymbolicDim[];
}

/** The tensor flowing from the model input: its axes, and the spec layers applied so far. */
export interface DataValue {
  kind: 'data';
  axes: Axis[];
  layers: LayerSpec[];
  /** A MatMul's dense layer (the last of `layers`) still waiting for its bias Add. */
  openDense?: boolean;
  /** Set when this value is one final-state row of a one-direction layer (`h_n[i]`). */
  row?: { entry: FinalStateEntry; state: 'h' | 'c' };
}

/**
 * A slice [start, end) along axis 0 of a graph input holding initial states (PyTorch's h0/c0,
 * [layers*directions, batch, hidden]).
 */
export interface StateInputValue {
  kind: 'stateInput';
  input: string;
  start: number;
  end: number;
}

/** One RNN node's final state output (Y_h or Y_c) and the layers it stacks with (Concat on axis 0). */
export interface FinalStateValue {
  kind: 'finalState';
  state: 'h' | 'c';
  /** In stacking order; each entry is one RNN node, contributing `directions` rows. */
  entries: FinalStateEntry[];
  /** `h_n.permute(1, 0, 2)`: [batch, rows, hidden], waiting for the Reshape to [batch, -1]. */
  batchMajor?: boolean;
}

export interface FinalStateEntry {
  layer: string;
  directions: number;
  units: number;
  /** The data value's layers through this recurrent layer (returnSequences true). */
  layers: LayerSpec[];
  /** Rows in pack_padded_sequence's sorted batch order, until the inverse permutation's Gather. */
  sorted?: boolean;
}

/**
 * The per-example lengths graph input of `pack_padded_sequence` (int [batch]), in the caller's
 * batch order or, after TopK, sorted longest first (`sorted`). `batch` is its one dimension.
 */
export interface LengthsValue {
  kind: 'lengths';
  input: string;
  batch: SymbolicDim;
  sorted: boolean;
}

/**
 * Index vectors over the batch that `pack_padded_sequence(enforce_sorted=False)` and
 * `pad_packed_sequence` build from the lengths: the sort (TopK indices), 0..batch-1 (Range), and
 * the inverse permutation (ScatterElements of the Range at the sort's positions).
 */
export interface BatchOrderValue {
  kind: 'batchOrder';
  role: 'sort' | 'iota' | 'inverse';
  input: string;
  batch: SymbolicDim;
}

/** A Slice of one last time step of the data, waiting for the Squeeze that drops the axis. */
export interface LastStepValue {
  kind: 'lastStep';
  data: DataValue;
  axis: number;
}

/**
 * One direction's row of a bidirectional layer's final state (`h_n[-2]`, `h_n[-1]`). Alone the
 * spec cannot output it (its outputs merge both directions); concatenated forward-then-backward
 * on the feature axis it is the layer's returnSequences=false output.
 */
export interface StateRowValue {
  kind: 'stateRow';
  /** Hidden or cell state ('c' rows can only be concatenated: the spec outputs no cell state). */
  state?: 'h' | 'c';
  entry: FinalStateEntry;
  direction: 0 | 1;
  /** The node that picked the row, named if the row is refused later. */
  node: OnnxNode;
  /** Opsets 9-10 pick a row as Slice [i:i+1] + Squeeze: true until the Squeeze. */
  sliced: boolean;
}

export type LiftValue =
  | LengthsValue
  | BatchOrderValue
  | StateRowValue
  | ConstValue
  | ShapeValue
  | DimValue
  | ZerosValue
  | DataValue
  | StateInputValue
  | FinalStateValue
  | LastStepValue;

export const describeValue = (value: LiftValue | undefined): string =>
  value === undefined
    ? 'an unknown value'
    : value.kind === 'const'
      ? `a constant [${value.dims}]`
      : value.kind === 'stateRow'
        ? `the ${value.direction === 0 ? 'forward' : 'backward'} final state of bidirectional layer '${value.entry.layer}' alone (the spec's outputs merge both directions)`
        : `a ${value.kind} value`;

/** An axis as a dimension: the input axis symbol, or its known size. */
export const axisDim = (axis: Axis): SymbolicDim => ('size' in axis ? axis.size : axis.tag);
