/**
 * Test-only: float32 training results against float64 expectations (the reference trainer or
 * PyTorch). Element-wise |a - b| <= atol·max(1, s) + rtol·|b|, with the backend's tolerance
 * from core's table and s the largest |b| in the tensor: a gradient entry near zero is a sum of
 * cancelling terms the size of the tensor's large entries, and float32 rounds those terms.
 */
import type { Tolerance } from '@rnnkit/core';

export function expectValuesClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance,
  what: string,
): void {
  if (actual.length !== expected.length)
    throw new Error(`${what}: ${actual.length} values, expected ${expected.length}`);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    const allowed = tolerance.atol * Math.max(1, scale) + tolerance.rtol * Math.abs(expected[i]);
    if (!(error <= allowed)) {
      throw new Error(
        `${what}[${i}]: ${actual[i]} vs expected ${expected[i]} (|diff| ${error.toExponential(2)} > ${allowed.toExponential(2)})`,
      );
    }
  }
}
