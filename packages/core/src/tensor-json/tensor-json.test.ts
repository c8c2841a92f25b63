import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import type { NamedTensors } from '../tensor.js';
import { readTensorJson } from './read-tensor-json.js';
import { float32ToText, writeTensorJson } from './write-tensor-json.js';

function invalid(run: () => unknown, path: string | undefined, message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(RnnkitError.isInstance(caught)).toBe(true);
  const error = caught as RnnkitError;
  expect(error.code).toBe('INVALID_INPUT');
  expect(error.path).toBe(path);
  expect(error.message).toMatch(message);
}

const read = (json: unknown) => () => readTensorJson(JSON.stringify(json));

describe('readTensorJson', () => {
  it('reads every dtype into the matching typed array', () => {
    const tensors = readTensorJson(
      JSON.stringify({
        x: { dtype: 'float32', shape: [2, 2], data: [0.5, -1, 2, 3] },
        d: { dtype: 'float64', shape: [1], data: [0.1] },
        t: { dtype: 'int32', shape: [1, 3], data: [1, 2, 3] },
        l: { dtype: 'int64', shape: [2], data: [9007199254740991, -4] },
      }),
    );
    expect(tensors.x.data).toBeInstanceOf(Float32Array);
    expect([...tensors.x.data]).toEqual([0.5, -1, 2, 3]);
    expect(tensors.x.shape).toEqual([2, 2]);
    expect(tensors.d.data).toBeInstanceOf(Float64Array);
    expect(tensors.d.data[0]).toBe(0.1);
    expect(tensors.t.data).toBeInstanceOf(Int32Array);
    expect(tensors.l.data).toEqual(new BigInt64Array([9007199254740991n, -4n]));
  });

  it('flattens nested data that agrees with the shape', () => {
    const tensors = readTensorJson(
      JSON.stringify({
        x: { dtype: 'float32', shape: [2, 1, 3], data: [[[1, 2, 3]], [[4, 5, 6]]] },
      }),
    );
    expect([...tensors.x.data]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads scalars, empty tensors and a tensor called __proto__', () => {
    const tensors = readTensorJson(
      '{"s": {"dtype":"float32","shape":[],"data":7}, "e": {"dtype":"int32","shape":[2,0],"data":[[],[]]},' +
        '"__proto__": {"dtype":"int32","shape":[1],"data":[1]}}',
    );
    expect([...tensors.s.data]).toEqual([7]);
    expect(tensors.e.data.length).toBe(0);
    expect(Object.keys(tensors)).toContain('__proto__');
    expect(Object.getPrototypeOf(tensors)).toBe(Object.prototype);
  });

  it('rejects malformed JSON and non-objects', () => {
    invalid(() => readTensorJson('{"x": '), undefined, /not valid JSON/);
    invalid(
      () => readTensorJson('[1, 2]'),
      undefined,
      /expected an object of named tensors, found an array/,
    );
  });

  it('rejects an entry that is not a tensor object, and unknown fields', () => {
    invalid(read({ x: [1, 2] }), 'x', /tensor 'x': expected \{ "dtype", "shape", "data" \}/);
    invalid(
      read({ x: { dtype: 'int32', shape: [1], data: [1], name: 'x' } }),
      'x',
      /unknown field 'name'/,
    );
  });

  it('rejects unknown dtypes', () => {
    invalid(
      read({ x: { dtype: 'float16', shape: [1], data: [1] } }),
      'x',
      /dtype one of .* found "float16"/,
    );
  });

  it('rejects bad shapes', () => {
    invalid(
      read({ x: { dtype: 'int32', shape: 3, data: [1] } }),
      'x',
      /shape to be an array, found 3/,
    );
    invalid(
      read({ x: { dtype: 'int32', shape: [2, -1], data: [1] } }),
      'x',
      /shape\[1\]: expected a non-negative integer, found -1/,
    );
    invalid(read({ x: { dtype: 'int32', shape: [1.5], data: [1] } }), 'x', /found 1.5/);
  });

  it('checks the data length against the shape before allocating', () => {
    invalid(
      read({ x: { dtype: 'float32', shape: [2, 3], data: [1, 2, 3, 4, 5] } }),
      'x',
      /needs 6 values, found 5/,
    );
    // A declared size far beyond memory must fail on the count, not on an allocation.
    invalid(
      read({ x: { dtype: 'float32', shape: [100000, 100000, 100], data: [1] } }),
      'x',
      /needs 1000000000000 values, found 1/,
    );
    invalid(read({ x: { dtype: 'float32', shape: [1e9, 1e9, 1e9], data: [1] } }), 'x', /too large/);
  });

  it('rejects nested data that disagrees with the shape', () => {
    invalid(
      read({ x: { dtype: 'float32', shape: [2, 2], data: [[1, 2], [3]] } }),
      'x',
      /data\[1\]: expected 2 entries for axis 1/,
    );
    invalid(
      read({ x: { dtype: 'float32', shape: [2, 2], data: [[1, 2], 3] } }),
      'x',
      /data\[1\]: expected an array of 2/,
    );
    invalid(
      read({ x: { dtype: 'float32', shape: [2], data: [[1], [2]] } }),
      'x',
      /nested deeper than shape \[2\]/,
    );
    invalid(read({ x: { dtype: 'float32', shape: [2], data: 'ab' } }), 'x', /data to be an array/);
  });

  it('rejects non-numbers, null (NaN written by JSON.stringify) and floats out of float32 range', () => {
    invalid(
      read({ x: { dtype: 'float32', shape: [2], data: [1, '2'] } }),
      'x',
      /data\[1\] \(flat\): expected a number, found "2"/,
    );
    invalid(
      read({ x: { dtype: 'float32', shape: [1], data: [Number.NaN] } }),
      'x',
      /found null \(NaN and Infinity cannot be written in JSON/,
    );
    invalid(
      read({ x: { dtype: 'float32', shape: [1], data: [1e39] } }),
      'x',
      /within float32 range/,
    );
  });

  it('requires integers for integer dtypes, in range', () => {
    invalid(
      read({ t: { dtype: 'int32', shape: [2], data: [1, 2.5] } }),
      't',
      /data\[1\] \(flat\): expected an int32 integer, found 2.5/,
    );
    invalid(read({ t: { dtype: 'int32', shape: [1], data: [2147483648] } }), 't', /int32 integer/);
    invalid(
      () => readTensorJson('{"t": {"dtype":"int64","shape":[1],"data":[9007199254740993]}}'),
      't',
      /within ±\(2\^53-1\)/,
    );
    invalid(read({ t: { dtype: 'int64', shape: [1], data: [true] } }), 't', /found true/);
  });
});

describe('writeTensorJson', () => {
  it('round-trips every dtype exactly', () => {
    const tensors: NamedTensors = {
      x: {
        dtype: 'float32',
        shape: [2, 3],
        data: new Float32Array([0.1, -1 / 3, 3.4028234663852886e38, 1e-45, 0, -2.5]),
      },
      d: { dtype: 'float64', shape: [2], data: new Float64Array([0.1, 1 / 3]) },
      t: { dtype: 'int32', shape: [3], data: new Int32Array([-2147483648, 0, 2147483647]) },
      l: { dtype: 'int64', shape: [1, 1], data: new BigInt64Array([-9007199254740991n]) },
      e: { dtype: 'float32', shape: [0, 4], data: new Float32Array(0) },
    };
    const back = readTensorJson(writeTensorJson(tensors));
    expect(Object.keys(back)).toEqual(['x', 'd', 't', 'l', 'e']);
    for (const name of Object.keys(tensors)) {
      expect(back[name].dtype).toBe(tensors[name].dtype);
      expect(back[name].shape).toEqual(tensors[name].shape);
      expect(back[name].data).toEqual(tensors[name].data);
    }
  });

  it('writes float32 with the fewest digits', () => {
    expect(float32ToText(Math.fround(0.1))).toBe('0.1');
    expect(float32ToText(Math.fround(1 / 3))).toBe('0.33333334');
    expect(
      writeTensorJson({ x: { dtype: 'float32', shape: [1], data: new Float32Array([0.1]) } }),
    ).toBe('{\n  "x": { "dtype": "float32", "shape": [1], "data": [0.1] }\n}\n');
    expect(writeTensorJson({})).toBe('{}\n');
  });

  it('refuses NaN and Infinity instead of writing null', () => {
    invalid(
      () =>
        writeTensorJson({
          y: { dtype: 'float32', shape: [2], data: new Float32Array([1, Number.NaN]) },
        }),
      'y',
      /NaN at flat index 1 .* JSON has no NaN/,
    );
    invalid(
      () =>
        writeTensorJson({
          y: { dtype: 'float64', shape: [1], data: new Float64Array([Number.NEGATIVE_INFINITY]) },
        }),
      'y',
      /-Infinity/,
    );
  });

  it('refuses int64 beyond the safe range and a shape that disagrees with the data', () => {
    invalid(
      () =>
        writeTensorJson({
          l: { dtype: 'int64', shape: [1], data: new BigInt64Array([2n ** 60n]) },
        }),
      'l',
      /outside ±\(2\^53-1\)/,
    );
    invalid(
      () => writeTensorJson({ x: { dtype: 'float32', shape: [3], data: new Float32Array(2) } }),
      'x',
      /needs 3 values, found 2/,
    );
  });
});
