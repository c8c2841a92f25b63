/**
 * |actual - expected| <= atol + rtol * |expected|, skipping positions the spec leaves undefined
 * (sequence outputs at padded steps).
 */
import { type BackendId, type Tensor, TOLERANCES } from '@rnnkit/core';
import { expect } from 'vitest';

export function expectClose(
  actual: Tensor,
  expected: Tensor,
  backend: BackendId,
  label: string,
  defined?: (index: number) => boolean,
): void {
  const { atol, rtol } = TOLERANCES[backend];
  expect([...actual.shape], `${label} shape`).toEqual([...expected.shape]);
  let worst = { index: -1, excess: 0, actual: 0, expected: 0 };
  for (let i = 0; i < expected.data.length; i++) {
    if (defined && !defined(i)) continue;
    const a = Number(actual.data[i]);
    const e = Number(expected.data[i]);
    const excess = Math.abs(a - e) - (atol + rtol * Math.abs(e));
    if (!(excess <= 0) && (worst.index < 0 || excess > worst.excess || Number.isNaN(a))) {
      worst = { index: i, excess, actual: a, expected: e };
    }
  }
  expect(
    worst.index,
    `${label}: index ${worst.index} is ${worst.actual}, expected ${worst.expected} (atol ${atol}, rtol ${rtol})`,
  ).toBe(-1);
}
