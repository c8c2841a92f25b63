/**
 * Element-wise comparison of an output with its expected values:
 * |actual - expected| <= atol + rtol * |expected| (numpy's `isclose`, asymmetric on purpose: the
 * expected side is the trusted one). NaN never passes, on either side.
 */
import type { DType, Tensor } from '../tensor.js';
import { toNumbers } from '../tensor.js';
import type { Tolerance } from './tolerances.js';

export interface Comparison {
  pass: boolean;
  /** Largest |actual - expected| over the checked elements; NaN if a NaN was met. */
  maxAbsError: number;
  /** Flat index of that element (the first NaN if any); -1 when nothing was checked. */
  worstIndex: number;
  /** Checked elements outside the tolerance. */
  mismatches: number;
  /** Elements compared (undefined positions skipped). */
  checked: number;
  /** Values at worstIndex, for messages. */
  worstActual?: number;
  worstExpected?: number;
  /** Set when the tensors cannot be compared element-wise (shape, dtype kind, mask size). */
  problem?: string;
}

function kind(dtype: DType): 'float' | 'int' {
  return dtype === 'float32' || dtype === 'float64' ? 'float' : 'int';
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function unusable(problem: string): Comparison {
  return {
    pass: false,
    maxAbsError: Number.NaN,
    worstIndex: -1,
    mismatches: 0,
    checked: 0,
    problem,
  };
}

/**
 * @param definedMask optional, 1 = compare, 0 = undefined (skip). Its length must divide the
 *   element count; each entry covers that many consecutive elements, so a [batch*time] mask from
 *   `definedOutputMask` applies to a [batch, time, features] output.
 */
export function compareTensors(
  actual: Tensor,
  expected: Tensor,
  tolerance: Tolerance,
  definedMask?: Uint8Array,
): Comparison {
  const sameShape =
    actual.shape.length === expected.shape.length &&
    actual.shape.every((dim, i) => dim === expected.shape[i]);
  if (!sameShape) {
    return unusable(
      `shape ${shapeText(actual.shape)} differs from expected ${shapeText(expected.shape)}`,
    );
  }
  // float32 against the reference's float64 is the normal case; float against int is not.
  if (kind(actual.dtype) !== kind(expected.dtype)) {
    return unusable(`dtype ${actual.dtype} cannot be compared with expected ${expected.dtype}`);
  }
  const count = expected.data.length;
  if (actual.data.length !== count) {
    return unusable(`actual holds ${actual.data.length} values, expected ${count}`);
  }
  let span = 1;
  if (definedMask !== undefined) {
    if (definedMask.length === 0 ? count !== 0 : count % definedMask.length !== 0) {
      return unusable(`mask of ${definedMask.length} entries does not divide ${count} values`);
    }
    span = definedMask.length === 0 ? 1 : count / definedMask.length;
  }

  const a = toNumbers(actual);
  const b = toNumbers(expected);
  const { atol, rtol } = tolerance;
  let maxAbsError = 0;
  let worstIndex = -1;
  let mismatches = 0;
  let checked = 0;
  let sawNaN = false;
  for (let i = 0; i < count; i++) {
    if (definedMask !== undefined && definedMask[Math.floor(i / span)] === 0) continue;
    checked++;
    const x = a[i];
    const y = b[i];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      mismatches++;
      if (!sawNaN) {
        sawNaN = true;
        worstIndex = i;
      }
      continue;
    }
    // Equal infinities match; any other infinity is a mismatch (atol + rtol*Inf would admit it).
    const finite = Number.isFinite(x) && Number.isFinite(y);
    const error = x === y ? 0 : Math.abs(x - y);
    const ok = finite ? error <= atol + rtol * Math.abs(y) : x === y;
    if (!ok) mismatches++;
    if (!sawNaN && (worstIndex === -1 || error > maxAbsError)) {
      maxAbsError = error;
      worstIndex = i;
    }
  }
  if (sawNaN) maxAbsError = Number.NaN;
  const result: Comparison = {
    pass: mismatches === 0,
    maxAbsError,
    worstIndex,
    mismatches,
    checked,
  };
  if (worstIndex >= 0) {
    result.worstActual = a[worstIndex];
    result.worstExpected = b[worstIndex];
  }
  return result;
}

/** One line for a test failure or a report cell. */
export function describeComparison(
  name: string,
  comparison: Comparison,
  tolerance: Tolerance,
): string {
  if (comparison.problem) return `${name}: ${comparison.problem}`;
  const verdict = comparison.pass ? 'pass' : 'FAIL';
  const worst =
    comparison.worstIndex >= 0
      ? `; worst at flat index ${comparison.worstIndex}: ${comparison.worstActual} vs expected ${comparison.worstExpected}`
      : '';
  return `${name}: ${verdict}, ${comparison.mismatches}/${comparison.checked} outside atol ${tolerance.atol} + rtol ${tolerance.rtol}, max |error| ${comparison.maxAbsError}${worst}`;
}
