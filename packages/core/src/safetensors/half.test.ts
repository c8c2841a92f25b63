import { describe, expect, it } from 'vitest';
import {
  bfloat16ToFloat32,
  float16ToFloat32,
  float32ToBfloat16,
  float32ToFloat16,
} from './half.js';

describe('half-precision conversions', () => {
  it('decodes binary16 bit patterns (values from the IEEE 754 binary16 tables)', () => {
    expect(float16ToFloat32(0x3c00)).toBe(1);
    expect(float16ToFloat32(0xc000)).toBe(-2);
    expect(float16ToFloat32(0x7bff)).toBe(65504);
    expect(float16ToFloat32(0x0400)).toBe(2 ** -14);
    expect(float16ToFloat32(0x0001)).toBe(2 ** -24);
    expect(float16ToFloat32(0x3555)).toBe(0.333251953125);
    expect(float16ToFloat32(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(float16ToFloat32(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(float16ToFloat32(0x8000), -0)).toBe(true);
    expect(float16ToFloat32(0x7e00)).toBeNaN();
  });

  it('encodes to binary16 with round-to-nearest-even, overflow and underflow', () => {
    expect(float32ToFloat16(1)).toBe(0x3c00);
    expect(float32ToFloat16(65504)).toBe(0x7bff);
    expect(float32ToFloat16(65520)).toBe(0x7c00); // halfway to the next step rounds to infinity
    expect(float32ToFloat16(1 + 2 ** -11)).toBe(0x3c00); // tie, even stays
    expect(float32ToFloat16(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie, odd rounds up
    expect(float32ToFloat16(2 ** -24)).toBe(0x0001);
    expect(float32ToFloat16(2 ** -25)).toBe(0x0000); // tie to even zero
    expect(float32ToFloat16(1.5 * 2 ** -25)).toBe(0x0001);
    expect(float32ToFloat16(-1e-10)).toBe(0x8000);
    expect(float32ToFloat16(Number.NaN) & 0x7c00).toBe(0x7c00);
  });

  it('every non-NaN binary16 value survives decode then encode', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = float16ToFloat32(bits);
      if (Number.isNaN(value)) continue;
      if (float32ToFloat16(value) !== bits)
        throw new Error(`0x${bits.toString(16)} -> ${value} -> ${float32ToFloat16(value)}`);
    }
  });

  it('bfloat16 is the top half of float32, rounded to nearest even', () => {
    expect(bfloat16ToFloat32(0x3f80)).toBe(1);
    expect(bfloat16ToFloat32(0xc049)).toBe(-3.140625);
    expect(float32ToBfloat16(1)).toBe(0x3f80);
    expect(float32ToBfloat16(1 + 2 ** -8)).toBe(0x3f80); // tie, even stays
    expect(float32ToBfloat16(1 + 3 * 2 ** -8)).toBe(0x3f82); // tie, odd rounds up
    expect(float32ToBfloat16(Math.PI)).toBe(0x4049);
    expect(Number.isNaN(bfloat16ToFloat32(float32ToBfloat16(Number.NaN)))).toBe(true);
  });
});
