import { describe, expect, it } from 'vitest';
import { float32Tensor, float64Tensor, int32Tensor } from '../tensor.js';
import { compareTensors, describeComparison } from './compare-tensors.js';
import { TOLERANCES, toleranceFor } from './tolerances.js';

const tol = { atol: 1e-3, rtol: 1e-2 };

describe('compareTensors', () => {
  it('passes within atol + rtol*|expected| and reports the worst element', () => {
    // allowed at index 2: 1e-3 + 1e-2*10 = 0.101
    const result = compareTensors(
      float64Tensor([3], [1.0005, 2, 10.1]),
      float64Tensor([3], [1, 2, 10]),
      tol,
    );
    expect(result.pass).toBe(true);
    expect(result.checked).toBe(3);
    expect(result.mismatches).toBe(0);
    expect(result.worstIndex).toBe(2);
    expect(result.maxAbsError).toBeCloseTo(0.1, 12);
  });

  it('is asymmetric: rtol scales the expected value only', () => {
    // |0 - 1| = 1 > 1e-3 + 1e-2*|0|
    expect(compareTensors(float64Tensor([1], [1]), float64Tensor([1], [0]), tol).pass).toBe(false);
    expect(
      compareTensors(float64Tensor([1], [0]), float64Tensor([1], [1]), { atol: 0, rtol: 1 }).pass,
    ).toBe(true);
  });

  it('fails outside the tolerance and counts mismatches', () => {
    const result = compareTensors(
      float32Tensor([2, 2], [1, 2.5, 3, 4.2]),
      float64Tensor([2, 2], [1, 2, 3, 4]),
      tol,
    );
    expect(result.pass).toBe(false);
    expect(result.mismatches).toBe(2);
    expect(result.worstIndex).toBe(1);
    expect(result.worstActual).toBe(2.5);
    expect(result.worstExpected).toBe(2);
    expect(describeComparison('y', result, tol)).toMatch(
      /y: FAIL, 2\/4 outside .* worst at flat index 1: 2.5 vs expected 2/,
    );
  });

  it('never passes NaN, on either side', () => {
    const nanActual = compareTensors(
      float32Tensor([2], [Number.NaN, 1]),
      float32Tensor([2], [0, 1]),
      tol,
    );
    expect(nanActual.pass).toBe(false);
    expect(nanActual.mismatches).toBe(1);
    expect(nanActual.worstIndex).toBe(0);
    expect(nanActual.maxAbsError).toBeNaN();
    const nanBoth = compareTensors(
      float32Tensor([1], [Number.NaN]),
      float32Tensor([1], [Number.NaN]),
      tol,
    );
    expect(nanBoth.pass).toBe(false);
    const huge = { atol: Number.POSITIVE_INFINITY, rtol: 0 };
    expect(
      compareTensors(float32Tensor([1], [Number.NaN]), float32Tensor([1], [0]), huge).pass,
    ).toBe(false);
  });

  it('matches equal infinities only', () => {
    const inf = Number.POSITIVE_INFINITY;
    expect(compareTensors(float64Tensor([1], [inf]), float64Tensor([1], [inf]), tol).pass).toBe(
      true,
    );
    expect(compareTensors(float64Tensor([1], [1]), float64Tensor([1], [inf]), tol).pass).toBe(
      false,
    );
    expect(compareTensors(float64Tensor([1], [-inf]), float64Tensor([1], [inf]), tol).pass).toBe(
      false,
    );
  });

  it('skips undefined positions, each mask entry covering the trailing features', () => {
    // [batch 1, time 3, features 2]; step 1 is padding and holds garbage.
    const actual = float32Tensor([1, 3, 2], [1, 2, 99, 99, 5, 6]);
    const expected = float64Tensor([1, 3, 2], [1, 2, 0, 0, 5, 6]);
    expect(compareTensors(actual, expected, tol).pass).toBe(false);
    const masked = compareTensors(actual, expected, tol, new Uint8Array([1, 0, 1]));
    expect(masked.pass).toBe(true);
    expect(masked.checked).toBe(4);
    // An element-wise mask works too.
    expect(compareTensors(actual, expected, tol, new Uint8Array([1, 1, 0, 0, 1, 1])).pass).toBe(
      true,
    );
  });

  it('reports shape, dtype and mask problems instead of comparing', () => {
    const shape = compareTensors(float32Tensor([2, 3]), float32Tensor([3, 2]), tol);
    expect(shape.pass).toBe(false);
    expect(shape.problem).toMatch(/shape \[2, 3\] differs from expected \[3, 2\]/);
    const dtype = compareTensors(int32Tensor([2], [1, 2]), float32Tensor([2], [1, 2]), tol);
    expect(dtype.pass).toBe(false);
    expect(dtype.problem).toMatch(/dtype int32 cannot be compared with expected float32/);
    const mask = compareTensors(float32Tensor([3]), float32Tensor([3]), tol, new Uint8Array(2));
    expect(mask.problem).toMatch(/does not divide/);
    expect(describeComparison('z', mask, tol)).toMatch(/^z: mask of 2/);
  });

  it('compares integer tensors, int64 included', () => {
    const l = { dtype: 'int64' as const, shape: [2], data: new BigInt64Array([3n, 4n]) };
    expect(compareTensors(l, int32Tensor([2], [3, 4]), { atol: 0, rtol: 0 }).pass).toBe(true);
    expect(compareTensors(l, int32Tensor([2], [3, 5]), { atol: 0, rtol: 0 }).pass).toBe(false);
  });
});

describe('tolerances', () => {
  it('has an entry for every backend, looser on GPUs', () => {
    expect(TOLERANCES['tfjs-cpu']).toEqual({ atol: 1e-5, rtol: 1e-4 });
    expect(TOLERANCES['ort-web-webgpu'].atol).toBeGreaterThan(TOLERANCES['ort-node-cpu'].atol);
    expect(Object.isFrozen(TOLERANCES)).toBe(true);
  });

  it('lets a case loosen but not tighten, and replace per backend', () => {
    expect(toleranceFor('tfjs-cpu')).toEqual({ atol: 1e-5, rtol: 1e-4 });
    expect(toleranceFor('tfjs-cpu', { atol: 1e-6 })).toEqual({ atol: 1e-5, rtol: 1e-4 });
    expect(toleranceFor('tfjs-cpu', { atol: 5e-6 * 10 })).toEqual({ atol: 5e-5, rtol: 1e-4 });
    expect(
      toleranceFor('tfjs-webgl', { perBackend: { 'tfjs-webgl': { atol: 1e-2, rtol: 0 } } }),
    ).toEqual({
      atol: 1e-2,
      rtol: 0,
    });
    expect(() => toleranceFor('nope' as never)).toThrow(/unknown backend id/);
  });
});
