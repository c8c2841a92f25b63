import { describe, expect, it } from 'vitest';
import { concatConst, sliceConst, transposeConst } from './const-tensor-ops.js';
import type { ConstValue } from './values.js';

const c = (dims: number[], values: number[]): ConstValue => ({
  kind: 'const',
  dims,
  values: Float64Array.from(values),
  dataType: 1,
});

describe('constant tensor ops (hand-computed)', () => {
  // [[0, 1, 2], [3, 4, 5]]
  const m = c([2, 3], [0, 1, 2, 3, 4, 5]);

  it('slices along an inner axis, with a negative start and an oversized end', () => {
    expect(Array.from(sliceConst(m, [1], [-2], [2 ** 62]).values)).toEqual([1, 2, 4, 5]);
    expect(sliceConst(m, [0], [1], [2]).dims).toEqual([1, 3]);
  });

  it('concatenates along axis 1 and refuses mismatched shapes', () => {
    const joined = concatConst([m, c([2, 1], [9, 8])], 1);
    expect(joined?.dims).toEqual([2, 4]);
    expect(Array.from(joined?.values ?? [])).toEqual([0, 1, 2, 9, 3, 4, 5, 8]);
    expect(concatConst([m, c([3, 1], [1, 2, 3])], 1)).toBeUndefined();
  });

  it('transposes', () => {
    const t = transposeConst(m, [1, 0]);
    expect(t.dims).toEqual([3, 2]);
    expect(Array.from(t.values)).toEqual([0, 3, 1, 4, 2, 5]);
  });
});
