/**
 * Slice's starts/ends/axes/steps, which moved from attributes (opset < 10) to constant inputs
 * (opset >= 10). Anything not constant is refused: the lifter only follows slices it can resolve.
 */
import type { OnnxNode } from '../../proto/types.js';
import { inputValue, intsAttribute, type LiftContext, refuse } from './context.js';

export interface SliceParameters {
  starts: number[];
  ends: number[];
  axes: number[];
  steps: number[];
}

function constList(
  ctx: LiftContext,
  node: OnnxNode,
  index: number,
  what: string,
): number[] | undefined {
  const value = inputValue(ctx, node, index);
  if (value === undefined) return undefined;
  if (value.kind !== 'const')
    throw refuse(node, `Slice ${what} must be constant, found a ${value.kind} value`);
  return Array.from(value.values);
}

export function sliceParameters(ctx: LiftContext, node: OnnxNode, rank: number): SliceParameters {
  const fromAttributes = node.input.length === 1;
  const starts = fromAttributes ? intsAttribute(node, 'starts') : constList(ctx, node, 1, 'starts');
  const ends = fromAttributes ? intsAttribute(node, 'ends') : constList(ctx, node, 2, 'ends');
  if (starts === undefined || ends === undefined || starts.length !== ends.length) {
    throw refuse(node, 'Slice needs starts and ends of the same length');
  }
  const axes =
    (fromAttributes ? intsAttribute(node, 'axes') : constList(ctx, node, 3, 'axes')) ??
    starts.map((_, i) => i);
  const steps =
    (fromAttributes ? undefined : constList(ctx, node, 4, 'steps')) ?? starts.map(() => 1);
  if (axes.length !== starts.length || steps.length !== starts.length) {
    throw refuse(node, 'Slice axes/steps do not match starts');
  }
  const normalized = axes.map((a) => (a < 0 ? a + rank : a));
  // An axis is an index into the dims array: a huge one (2^31) would make it a sparse array
  // that later loops walk element by element.
  if (
    normalized.some(
      (a, i) => !Number.isInteger(a) || a < 0 || a >= rank || normalized.indexOf(a) !== i,
    )
  ) {
    throw refuse(
      node,
      `Slice axes [${axes.join(', ')}] are not distinct axes of a rank-${rank} value`,
    );
  }
  return { starts, ends, axes: normalized, steps };
}

/** [start, end) of a step-1 slice along a dimension of known size, clamped as ONNX does. */
export function resolveRange(start: number, end: number, size: number): [number, number] {
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  return [clamp(start), clamp(end)];
}
