/**
 * Test-only: compares a backend's RunResult with the reference's, element-wise as
 * |a - b| <= atol + rtol*|b|, skipping sequence outputs at padded steps (undefined by the spec).
 */
import type { RunResult, Tensor } from '@rnnkit/core';
import { expect } from 'vitest';

export interface Tolerance {
  atol: number;
  rtol: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { atol: 1e-5, rtol: 1e-4 };

/** `mask` [batch*time] (1 = real step) applies to outputs shaped [batch, time, ...]. */
export function expectClose(
  actual: Tensor,
  expected: Tensor,
  tolerance: Tolerance,
  label: string,
  mask?: ArrayLike<number>,
): void {
  expect(actual.shape, `${label} shape`).toEqual(expected.shape);
  const perStep = expected.shape.length === 3 ? expected.shape[2] : 0;
  let worst = 0;
  let worstIndex = -1;
  for (let i = 0; i < expected.data.length; i++) {
    if (mask && perStep > 0 && mask[Math.floor(i / perStep)] === 0) continue;
    const a = Number(actual.data[i]);
    const b = Number(expected.data[i]);
    const excess = Math.abs(a - b) - (tolerance.atol + tolerance.rtol * Math.abs(b));
    if (!(excess <= worst) || Number.isNaN(a)) {
      worst = Number.isNaN(a) ? Number.POSITIVE_INFINITY : excess;
      worstIndex = i;
    }
  }
  expect(
    worstIndex,
    worstIndex < 0
      ? label
      : `${label}[${worstIndex}]: ${actual.data[worstIndex]} vs reference ${expected.data[worstIndex]}`,
  ).toBe(-1);
}

export function expectRunClose(
  actual: RunResult,
  expected: RunResult,
  tolerance: Tolerance,
  mask?: ArrayLike<number>,
): void {
  for (const name of Object.keys(expected.outputs)) {
    expect(actual.outputs[name], `output ${name}`).toBeDefined();
    expectClose(actual.outputs[name], expected.outputs[name], tolerance, `output ${name}`, mask);
  }
  for (const layer of Object.keys(expected.state)) {
    const a = actual.state[layer];
    const e = expected.state[layer];
    expect(a, `state ${layer}`).toBeDefined();
    expectClose(a.h, e.h, tolerance, `state ${layer}.h`);
    if (e.c) expectClose(a.c as Tensor, e.c, tolerance, `state ${layer}.c`);
  }
}
