import { describe, expect, it } from 'vitest';
import { fastExp, fastTanh } from './fast-exp.js';

describe('fastExp', () => {
  it('is within 1e-9 relative of Math.exp over the float32 range', () => {
    let worst = 0;
    for (let x = -87; x <= 88; x += 0.0037)
      worst = Math.max(worst, Math.abs(fastExp(x) / Math.exp(x) - 1));
    // The file's bound: Taylor truncation < 3e-10, plus float64 rounding.
    expect(worst).toBeLessThan(1e-9);
  });

  it('clamps outside [-87, 88] and passes NaN through', () => {
    expect(fastExp(1000)).toBe(fastExp(88));
    expect(fastExp(-1000)).toBe(fastExp(-87));
    expect(fastExp(Number.NaN)).toBeNaN();
  });
});

describe('fastTanh', () => {
  it('is within 1e-9 of Math.tanh, exactly ±1 far out, odd around 0', () => {
    let worst = 0;
    for (let x = -30; x <= 30; x += 0.00071)
      worst = Math.max(worst, Math.abs(fastTanh(x) - Math.tanh(x)));
    expect(worst).toBeLessThan(1e-9);
    expect(fastTanh(Number.POSITIVE_INFINITY)).toBe(1);
    expect(fastTanh(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(Math.abs(fastTanh(1e-8) - 1e-8)).toBeLessThan(1e-15);
  });
});
