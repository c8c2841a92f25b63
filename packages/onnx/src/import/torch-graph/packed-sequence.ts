/**
 * `pack_padded_sequence(x, lengths, batch_first=..., enforce_sorted=False)` around nn.RNN/LSTM/GRU
 * and `pad_packed_sequence` after it, as torch 1.13's TorchScript exporter writes them (opsets
 * 10-17; opset 9 only without dynamic axes, see the fixture script):
 *
 *   sorted, sort = TopK(lengths, k = Shape(lengths)[-1])     # longest first
 *   X = Gather(x, sort, axis = batch)   RNN(X, ..., sequence_lens = Cast(sorted, int32))
 *   inverse = ScatterElements(ConstantOfShape(Shape(sort)), sort, Range(0, ReduceProd(Shape(sort)), 1))
 *   out = Gather(Y, inverse, axis = batch)   h_n = Gather(Concat(Y_h ...), inverse, axis = 1)
 *
 * (torch/nn/utils/rnn.py `pack_padded_sequence` sorts with `torch.sort(lengths, descending=True)`
 * and `invert_permutation` scatters; torch/onnx/symbolic_opset10.py exports that sort as TopK.)
 * The sort and its inverse cancel, and ONNX's `sequence_lens` runs each example on its own, so the
 * whole pattern is the spec's `sequenceLengths` input with `paddedOutputs: 'zero'` (the RNN node's
 * Y is zero past a length, as ONNX Runtime computes and pad_packed_sequence pads). The lifter
 * follows the permutation on the batch axis (`sorted`) and refuses a value that leaves the graph,
 * or meets another op, while still sorted; with enforce_sorted=True the exporter feeds the lengths
 * straight to sequence_lens and nothing is sorted.
 */
import type { OnnxNode } from '../../proto/types.js';
import { OnnxDataType } from '../../proto/types.js';
import {
  inputValue,
  intAttribute,
  intsAttribute,
  type LiftContext,
  refuse,
  sameDim,
} from './context.js';
import type { BatchOrderValue, ConstValue, LiftValue, SymbolicDim } from './values.js';

type Handler = (node: OnnxNode, ctx: LiftContext) => LiftValue | LiftValue[] | undefined;

const isBatchVector = (value: LiftValue | undefined) =>
  value?.kind === 'lengths' || value?.kind === 'batchOrder';

const scalar = (value: LiftValue | undefined): number | undefined =>
  value?.kind === 'const' && value.values.length === 1 ? value.values[0] : undefined;

function vectorEntries(value: LiftValue | undefined): SymbolicDim[] | undefined {
  if (value?.kind === 'shape') return value.dims;
  if (value?.kind === 'const' && value.dims.length <= 1) return Array.from(value.values);
  if (value?.kind === 'dim') return [value.dim];
  return undefined;
}

/** Cast of the lengths or an index vector to another integer type keeps its meaning. */
const cast: Handler = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  if (!isBatchVector(x)) return undefined;
  const to = intAttribute(node, 'to');
  if (to !== OnnxDataType.INT64 && to !== OnnxDataType.INT32)
    throw refuse(node, `the lengths can only be cast to int32 or int64, not to type ${to}`);
  return x;
};

const shape: Handler = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  if (x?.kind !== 'lengths' && x?.kind !== 'batchOrder') return undefined;
  if (node.attribute.length > 0) throw refuse(node, 'Shape with start/end of the lengths');
  return typeof x.batch === 'number'
    ? ({
        kind: 'const',
        dims: [1],
        values: Float64Array.of(x.batch),
        dataType: OnnxDataType.INT64,
      } satisfies ConstValue)
    : { kind: 'shape', dims: [x.batch] };
};

/** TopK over all the lengths, largest first: torch.sort(lengths, descending=True). */
const topK: Handler = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  if (x?.kind !== 'lengths') return undefined;
  if (x.sorted) throw refuse(node, 'the lengths are sorted twice');
  if (ctx.opset !== undefined && ctx.opset < 11) {
    // TopK-1 and TopK-10 take float types only; onnxruntime refuses these files outright.
    throw refuse(
      node,
      `TopK of integer lengths is not valid ONNX before opset 11 (this graph is opset ${ctx.opset}; onnxruntime refuses it too): export pack_padded_sequence(enforce_sorted=False) at opset 11 or later`,
    );
  }
  const k = vectorEntries(inputValue(ctx, node, 1)) ?? [intAttribute(node, 'k') ?? Number.NaN];
  const axis = intAttribute(node, 'axis', -1);
  if (
    k.length !== 1 ||
    !sameDim(ctx, k[0], x.batch) ||
    (axis !== -1 && axis !== 0) ||
    intAttribute(node, 'largest', 1) !== 1 ||
    intAttribute(node, 'sorted', 1) !== 1
  ) {
    throw refuse(
      node,
      'only a descending sort of all the lengths (pack_padded_sequence with enforce_sorted=False) is understood',
    );
  }
  const sort: BatchOrderValue = {
    kind: 'batchOrder',
    role: 'sort',
    input: x.input,
    batch: x.batch,
  };
  return [{ ...x, sorted: true }, sort];
};

/** ReduceProd of the sort's one-entry shape is the batch size. */
const reduceProd: Handler = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  const entries =
    x?.kind === 'shape' || (x?.kind === 'const' && x.dims.length === 1)
      ? vectorEntries(x)
      : undefined;
  if (entries === undefined) return undefined;
  const axes = intsAttribute(node, 'axes');
  if (
    entries.length !== 1 ||
    intAttribute(node, 'keepdims', 1) !== 0 ||
    (axes && axes.join() !== '0')
  )
    throw refuse(node, 'only the product of a one-entry shape (the batch size) is understood');
  const [dim] = entries;
  return typeof dim === 'number'
    ? { kind: 'const', dims: [], values: Float64Array.of(dim), dataType: OnnxDataType.INT64 }
    : { kind: 'dim', dim };
};

/** Range(0, batch, 1): the positions the inverse permutation scatters. */
const range: Handler = (node, ctx) => {
  const limit = vectorEntries(inputValue(ctx, node, 1));
  if (scalar(inputValue(ctx, node, 0)) !== 0 || scalar(inputValue(ctx, node, 2)) !== 1)
    return undefined;
  if (limit?.length !== 1) return undefined;
  const lengths = ctx.lengthsInput ? ctx.values.get(ctx.lengthsInput) : undefined;
  if (lengths?.kind !== 'lengths' || !sameDim(ctx, limit[0], lengths.batch)) return undefined;
  return { kind: 'batchOrder', role: 'iota', input: lengths.input, batch: lengths.batch };
};

/**
 * ScatterElements(zeros[batch], sort, Range(batch), axis 0): invert_permutation(sort). Without
 * dynamic axes the exporter folds the zeros and the Range into constants.
 */
const scatterElements: Handler = (node, ctx) => {
  const [zeros, sort, iota] = [0, 1, 2].map((i) => inputValue(ctx, node, i));
  if (sort?.kind !== 'batchOrder') return undefined;
  const zerosDim =
    zeros?.kind === 'zeros' && zeros.dims.length === 1
      ? zeros.dims[0]
      : zeros?.kind === 'const' && zeros.dims.length === 1 && zeros.values.every((v) => v === 0)
        ? zeros.values.length
        : undefined;
  const isIota =
    (iota?.kind === 'batchOrder' && iota.role === 'iota') ||
    (iota?.kind === 'const' &&
      iota.dims.length === 1 &&
      sameDim(ctx, iota.values.length, sort.batch) &&
      iota.values.every((v, i) => v === i));
  if (
    zerosDim === undefined ||
    !sameDim(ctx, zerosDim, sort.batch) ||
    sort.role !== 'sort' ||
    !isIota ||
    (intAttribute(node, 'axis', 0) ?? 0) !== 0 ||
    node.attribute.some((a) => a.name === 'reduction')
  ) {
    throw refuse(
      node,
      "only the inverse of pack_padded_sequence's sort (zeros.scatter_(0, sort, arange(batch))) is understood",
    );
  }
  return { kind: 'batchOrder', role: 'inverse', input: sort.input, batch: sort.batch };
};

/** Gather of the data or of stacked final states by the sort or its inverse, on the batch axis. */
const gather: Handler = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  const index = inputValue(ctx, node, 1);
  if (index?.kind !== 'batchOrder') return undefined;
  if (index.role === 'iota') throw refuse(node, 'a Gather by Range(batch) is not understood');
  const axis = intAttribute(node, 'axis', 0) ?? 0;
  const toSorted = index.role === 'sort';
  if (x?.kind === 'finalState') {
    if (toSorted || axis !== 1 || x.entries.some((e) => e.sorted !== true)) {
      throw refuse(
        node,
        'only the inverse permutation of final states sorted by pack_padded_sequence, on their batch axis (1), is understood',
      );
    }
    return { ...x, entries: x.entries.map((e) => ({ ...e, sorted: false })) };
  }
  if (x?.kind !== 'data')
    throw refuse(node, `a batch permutation of ${x ? `a ${x.kind} value` : 'nothing'}`);
  const at = axis < 0 ? axis + x.axes.length : axis;
  const target = x.axes[at];
  const isBatch =
    target !== undefined &&
    (target.tag === 'in0' || target.tag === 'in1') &&
    target.tag !== ctx.timeAxis &&
    sameDim(ctx, target.tag, index.batch);
  if (!isBatch || (target.tag !== 'in0' && target.tag !== 'in1'))
    throw refuse(node, `axis ${axis} is not the batch axis the lengths describe`);
  if (toSorted === (target.sorted === true)) {
    throw refuse(
      node,
      toSorted ? 'the batch is sorted twice' : 'the inverse permutation of an unsorted batch',
    );
  }
  const axes = [...x.axes];
  axes[at] = toSorted ? { tag: target.tag, sorted: true } : { tag: target.tag };
  return { ...x, axes };
};

export const PACKED_SEQUENCE_HANDLERS: Record<string, Handler> = {
  Cast: cast,
  Shape: shape,
  TopK: topK,
  ReduceProd: reduceProd,
  Range: range,
  ScatterElements: scatterElements,
  Gather: gather,
};
