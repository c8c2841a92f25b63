/** Largest absolute difference between two float outputs (NaN/shape mismatch -> Infinity). */
import type { Tensor } from '@rnnkit/core';

export const AGREEMENT_TOLERANCE = 1e-3;

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= worst)) worst = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return worst;
}

export function tensorValues(tensor: Tensor): ArrayLike<number> {
  return tensor.data as ArrayLike<number>;
}
