/** Test helpers: seeded inputs and an |a-b| <= atol + rtol*|b| comparison that names the worst element. */
import { expect } from 'vitest';

export function seededValues(count: number, seed: number, scale = 1): Float32Array {
  let state = seed >>> 0 || 1;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (state / 2 ** 32 - 0.5) * 2 * scale;
  }
  return out;
}

export interface Comparable {
  shape: readonly number[];
  data: ArrayLike<number | bigint>;
}

/**
 * Compares element-wise; `skip(index)` leaves out elements the spec leaves undefined (padding).
 */
export function expectClose(
  actual: Comparable,
  expected: Comparable,
  label: string,
  tolerance = { atol: 1e-5, rtol: 1e-4 },
  skip?: (index: number) => boolean,
): void {
  expect([...actual.shape], `${label} shape`).toEqual([...expected.shape]);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.data.length; i++) {
    if (skip?.(i)) continue;
    const a = Number(actual.data[i]);
    const b = Number(expected.data[i]);
    const excess = Math.abs(a - b) - (tolerance.atol + tolerance.rtol * Math.abs(b));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    expect.fail(
      `${label}: element ${worst} is ${actual.data[worst]}, expected ${expected.data[worst]} (atol ${tolerance.atol}, rtol ${tolerance.rtol})`,
    );
  }
}
