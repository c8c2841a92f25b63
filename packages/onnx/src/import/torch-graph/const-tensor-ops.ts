/**
 * Row-major n-D Slice, Concat and Transpose of constants. PyTorch writes weight reordering as
 * such nodes when exported with do_constant_folding=False; folding them here gives the same
 * initializers a constant-folded export holds.
 */
import { resolveRange } from './slice-parameters.js';
import type { ConstValue } from './values.js';

function strides(dims: readonly number[]): number[] {
  const result = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) result[i] = result[i + 1] * dims[i + 1];
  return result;
}

/** Calls `visit(sourceOffset, targetOffset)` for every element of `dims` (target row-major). */
function forEachIndex(
  dims: readonly number[],
  sourceOffset: (index: number[]) => number,
  visit: (from: number, to: number) => void,
): void {
  const count = dims.reduce((n, d) => n * d, 1);
  const index = new Array<number>(dims.length).fill(0);
  for (let to = 0; to < count; to++) {
    visit(sourceOffset(index), to);
    for (let axis = dims.length - 1; axis >= 0; axis--) {
      if (++index[axis] < dims[axis]) break;
      index[axis] = 0;
    }
  }
}

/** Step-1 slices (steps other than 1 are refused by the caller). */
export function sliceConst(
  x: ConstValue,
  axes: number[],
  starts: number[],
  ends: number[],
): ConstValue {
  const begin = x.dims.map(() => 0);
  const dims = [...x.dims];
  axes.forEach((axis, i) => {
    const [from, to] = resolveRange(starts[i], ends[i], x.dims[axis]);
    begin[axis] = from;
    dims[axis] = Math.max(0, to - from);
  });
  const s = strides(x.dims);
  const values = new Float64Array(dims.reduce((n, d) => n * d, 1));
  forEachIndex(
    dims,
    (index) => index.reduce((offset, v, axis) => offset + (v + begin[axis]) * s[axis], 0),
    (from, to) => {
      values[to] = x.values[from];
    },
  );
  return { kind: 'const', dims, values, dataType: x.dataType };
}

/** Concatenation along `axis`; undefined when the other dimensions disagree. */
export function concatConst(parts: ConstValue[], axis: number): ConstValue | undefined {
  const [first] = parts;
  const rank = first.dims.length;
  if (
    parts.some(
      (p) => p.dims.length !== rank || p.dims.some((d, i) => i !== axis && d !== first.dims[i]),
    )
  )
    return undefined;
  const outer = first.dims.slice(0, axis).reduce((n, d) => n * d, 1);
  const inner = first.dims.slice(axis + 1).reduce((n, d) => n * d, 1);
  const dims = [...first.dims];
  dims[axis] = parts.reduce((n, p) => n + p.dims[axis], 0);
  const values = new Float64Array(dims.reduce((n, d) => n * d, 1));
  let to = 0;
  for (let o = 0; o < outer; o++) {
    for (const part of parts) {
      const block = part.dims[axis] * inner;
      values.set(part.values.subarray(o * block, (o + 1) * block), to);
      to += block;
    }
  }
  return { kind: 'const', dims, values, dataType: first.dataType };
}

export function transposeConst(x: ConstValue, perm: number[]): ConstValue {
  const dims = perm.map((p) => x.dims[p]);
  const s = strides(x.dims);
  const values = new Float64Array(x.values.length);
  forEachIndex(
    dims,
    (index) => index.reduce((offset, v, axis) => offset + v * s[perm[axis]], 0),
    (from, to) => {
      values[to] = x.values[from];
    },
  );
  return { kind: 'const', dims, values, dataType: x.dataType };
}
