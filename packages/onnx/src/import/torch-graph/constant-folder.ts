/**
 * A tiny constant folder: Constant nodes, and the Shape -> Gather -> Unsqueeze -> Concat ->
 * ConstantOfShape chains PyTorch writes to build zero initial states and reshape targets.
 * Shapes stay symbolic in the input's batch and time axes, so a dynamic-axes export folds too.
 */

import { tensorToFloat64 } from '../../proto/tensor-data.js';
import type { OnnxNode } from '../../proto/types.js';
import { OnnxDataType } from '../../proto/types.js';
import { concatConst, sliceConst, transposeConst } from './const-tensor-ops.js';
import {
  attribute,
  inputValue,
  intAttribute,
  intsAttribute,
  type LiftContext,
  refuse,
  sameDim,
} from './context.js';
import { resolveRange, sliceParameters } from './slice-parameters.js';
import {
  axisDim,
  type ConstValue,
  type LiftValue,
  type ShapeValue,
  type SymbolicDim,
} from './values.js';

type Folder = (node: OnnxNode, ctx: LiftContext) => LiftValue | undefined;

const int64 = (dims: number[], values: number[]): ConstValue => ({
  kind: 'const',
  dims,
  values: Float64Array.from(values),
  dataType: OnnxDataType.INT64,
});

/** A shape vector, as a constant when every entry is known. */
function shapeOf(dims: SymbolicDim[]): ShapeValue | ConstValue {
  return dims.every((d) => typeof d === 'number')
    ? int64([dims.length], dims as number[])
    : { kind: 'shape', dims };
}

/** Entries of a 1-D int vector, symbolic or constant; undefined for anything else. */
function vectorEntries(value: LiftValue | undefined): SymbolicDim[] | undefined {
  if (value?.kind === 'shape') return value.dims;
  if (value?.kind === 'const' && value.dims.length === 1) return Array.from(value.values);
  if (value?.kind === 'dim') return [value.dim];
  return undefined;
}

function constantNode(node: OnnxNode): LiftValue {
  const a = node.attribute[0];
  if (node.attribute.length !== 1) throw refuse(node, 'expected exactly one value attribute');
  switch (a.name) {
    case 'value': {
      if (!a.t) throw refuse(node, 'value is not a tensor');
      return {
        kind: 'const',
        dims: [...a.t.dims],
        values: tensorToFloat64(a.t),
        dataType: a.t.dataType,
      };
    }
    case 'value_int':
      return int64([], [a.i ?? 0]);
    case 'value_ints':
      return int64([a.ints?.length ?? 0], a.ints ?? []);
    case 'value_float':
      return {
        kind: 'const',
        dims: [],
        values: Float64Array.of(a.f ?? 0),
        dataType: OnnxDataType.FLOAT,
      };
    case 'value_floats':
      return {
        kind: 'const',
        dims: [a.floats?.length ?? 0],
        values: Float64Array.from(a.floats ?? []),
        dataType: OnnxDataType.FLOAT,
      };
    default:
      throw refuse(node, `Constant attribute '${a.name}' is not supported`);
  }
}

const shape: Folder = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  let dims: SymbolicDim[] | undefined;
  if (x?.kind === 'const') dims = [...x.dims];
  else if (x?.kind === 'zeros') dims = [...x.dims];
  else if (x?.kind === 'data') dims = x.axes.map(axisDim);
  if (dims === undefined) return undefined;
  const start = intAttribute(node, 'start', 0) ?? 0;
  const end = intAttribute(node, 'end', dims.length) ?? dims.length;
  const [from, to] = resolveRange(start, end, dims.length);
  return shapeOf(dims.slice(from, to));
};

const gather: Folder = (node, ctx) => {
  const data = vectorEntries(inputValue(ctx, node, 0));
  const index = inputValue(ctx, node, 1);
  if (data === undefined || index?.kind !== 'const' || (intAttribute(node, 'axis', 0) ?? 0) !== 0)
    return undefined;
  const pick = (i: number) => {
    const at = i < 0 ? i + data.length : i;
    if (at < 0 || at >= data.length)
      throw refuse(node, `index ${i} is out of range for a shape of rank ${data.length}`);
    return data[at];
  };
  if (index.dims.length === 0) {
    const dim = pick(index.values[0]);
    return typeof dim === 'number' ? int64([], [dim]) : { kind: 'dim', dim };
  }
  if (index.dims.length === 1) return shapeOf(Array.from(index.values, pick));
  return undefined;
};

function axesOf(ctx: LiftContext, node: OnnxNode): number[] | undefined {
  const fromAttribute = intsAttribute(node, 'axes');
  if (fromAttribute !== undefined) return fromAttribute;
  const value = inputValue(ctx, node, 1);
  if (value === undefined) return undefined;
  if (value.kind !== 'const') throw refuse(node, 'axes must be constant');
  return Array.from(value.values);
}

const unsqueeze: Folder = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  const axes = axesOf(ctx, node);
  if (axes === undefined) throw refuse(node, 'Unsqueeze needs axes');
  if (x?.kind === 'dim' && axes.length === 1 && (axes[0] === 0 || axes[0] === -1))
    return shapeOf([x.dim]);
  if (x?.kind === 'const') {
    const dims = [...x.dims];
    const rank = dims.length + axes.length;
    for (const a of [...axes].map((v) => (v < 0 ? v + rank : v)).sort((p, q) => p - q))
      dims.splice(a, 0, 1);
    return { ...x, dims, source: undefined };
  }
  return undefined;
};

const squeeze: Folder = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  if (x?.kind !== 'const') return undefined;
  const axes = axesOf(ctx, node)?.map((a) => (a < 0 ? a + x.dims.length : a));
  const dims = x.dims.filter((d, i) => (axes === undefined ? d !== 1 : !axes.includes(i)));
  return { ...x, dims, source: undefined };
};

const concat: Folder = (node, ctx) => {
  if (node.input.length === 0) throw refuse(node, 'Concat needs at least one input');
  const values = node.input.map((_, i) => inputValue(ctx, node, i));
  const axis = intAttribute(node, 'axis') ?? 0;
  if (values.every((v) => v?.kind === 'const')) {
    const consts = values as ConstValue[];
    const rank = consts[0].dims.length;
    const resolved = axis < 0 ? axis + rank : axis;
    if (!Number.isInteger(resolved) || resolved < 0 || resolved >= rank)
      throw refuse(node, `Concat axis ${axis} is outside a rank-${rank} value`);
    return concatConst(consts, resolved);
  }
  if (axis !== 0) return undefined;
  const parts = values.map((v) => (v?.kind === 'dim' ? undefined : vectorEntries(v)));
  if (parts.some((p) => p === undefined)) return undefined;
  return shapeOf(parts.flatMap((p) => p as SymbolicDim[]));
};

const transpose: Folder = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  if (x?.kind !== 'const') return undefined;
  const perm = intsAttribute(node, 'perm') ?? x.dims.map((_, i) => x.dims.length - 1 - i);
  if (perm.length !== x.dims.length || [...perm].sort((a, b) => a - b).some((p, i) => p !== i))
    throw refuse(node, `perm [${perm}] is not a permutation of rank ${x.dims.length}`);
  return transposeConst(x, perm);
};

const constantOfShape: Folder = (node, ctx) => {
  const dims = vectorEntries(inputValue(ctx, node, 0));
  if (dims === undefined) return undefined;
  const value = attribute(node, 'value')?.t;
  const fill = value ? tensorToFloat64(value) : Float64Array.of(0);
  if (fill.length !== 1 || fill[0] !== 0)
    throw refuse(node, 'only an all-zero ConstantOfShape (a zero initial state) is understood');
  return { kind: 'zeros', dims };
};

/**
 * Expand of zeros (PyTorch's static-shape exports build the zero initial state as a Constant of
 * zeros at the traced batch size, expanded to the run-time batch). Only zeros are followed:
 * expanding anything else is not part of the RNN patterns.
 */
const expand: Folder = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  const target = vectorEntries(inputValue(ctx, node, 1));
  const isZero = x?.kind === 'zeros' || (x?.kind === 'const' && x.values.every((v) => v === 0));
  if (!isZero || target === undefined || x === undefined) return undefined;
  const from = (x.kind === 'zeros' || x.kind === 'const' ? x.dims : []) as SymbolicDim[];
  const rank = Math.max(from.length, target.length);
  const dims: SymbolicDim[] = [];
  for (let i = 0; i < rank; i++) {
    const a = from[i - (rank - from.length)] ?? 1;
    const b = target[i - (rank - target.length)] ?? 1;
    // Broadcasting: a size-1 side takes the other; otherwise both must agree.
    if (a === 1) dims.push(b);
    else if (b === 1) dims.push(a);
    else if (sameDim(ctx, a, b)) dims.push(typeof a === 'number' ? b : a);
    // Zeros at the traced batch size expanded to the run-time batch: PyTorch's packed-sequence
    // exports trace PackedSequence's max_batch_size as a constant (onnxruntime then runs the file
    // at that batch only). The zeros PyTorch means have the run-time batch size.
    else if (typeof a === 'number' && (b === 'in0' || b === 'in1')) dims.push(b);
    else throw refuse(node, `cannot broadcast [${from}] to [${target}]`);
  }
  return { kind: 'zeros', dims };
};

const slice: Folder = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  if (x?.kind === 'zeros') {
    const p = sliceParameters(ctx, node, x.dims.length);
    const dims = [...x.dims];
    p.axes.forEach((axis, i) => {
      const size = dims[axis];
      if (p.steps[i] !== 1 || typeof size !== 'number')
        throw refuse(node, 'only step-1 slices of known dimensions of zeros are understood');
      const [from, to] = resolveRange(p.starts[i], p.ends[i], size);
      dims[axis] = Math.max(0, to - from);
    });
    return { kind: 'zeros', dims };
  }
  if (x?.kind === 'const') {
    const p = sliceParameters(ctx, node, x.dims.length);
    if (p.steps.some((step) => step !== 1)) return undefined;
    return sliceConst(x, p.axes, p.starts, p.ends);
  }
  if (x?.kind === 'shape') {
    const p = sliceParameters(ctx, node, 1);
    if (p.axes.length !== 1 || p.steps[0] !== 1) return undefined;
    const [from, to] = resolveRange(p.starts[0], p.ends[0], x.dims.length);
    return shapeOf(x.dims.slice(from, to));
  }
  return undefined;
};

const cast: Folder = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  const to = intAttribute(node, 'to');
  if (x?.kind === 'shape' || x?.kind === 'dim') {
    return to === OnnxDataType.INT64 || to === OnnxDataType.INT32 ? x : undefined;
  }
  if (x?.kind !== 'const' || to === undefined) return undefined;
  const integer = to === OnnxDataType.INT64 || to === OnnxDataType.INT32;
  const isFloat = to === OnnxDataType.FLOAT || to === OnnxDataType.DOUBLE;
  if (!integer && !isFloat) return undefined;
  const values = integer ? x.values.map(Math.trunc) : x.values.slice();
  return { kind: 'const', dims: [...x.dims], values, dataType: to };
};

export const CONSTANT_FOLDERS: Record<string, Folder> = {
  Constant: (node) => constantNode(node),
  Shape: shape,
  Gather: gather,
  Unsqueeze: unsqueeze,
  Squeeze: squeeze,
  Concat: concat,
  ConstantOfShape: constantOfShape,
  Slice: slice,
  Cast: cast,
  Transpose: transpose,
  Expand: expand,
};
