/**
 * Tensor JSON (DESIGN.md "Tensor JSON"): the CLI's input and output file format.
 *
 *   { "<name>": { "dtype": "float32" | "float64" | "int32" | "int64", "shape": [..], "data": [..] } }
 *
 * `data` is row-major, either flat or nested to match `shape` (the nesting must agree with the
 * shape exactly). JSON has no NaN or Infinity, so tensor JSON cannot carry them: a `null` in
 * `data` (what JSON.stringify writes for NaN) is refused rather than read as 0.
 *
 * Every size is checked against the data present before anything is allocated, so a file that
 * declares a huge shape fails with INVALID_INPUT instead of exhausting memory.
 */
import { RnnkitError } from '../errors.js';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../json/json-depth.js';
import type { DType, NamedTensors, Tensor } from '../tensor.js';

export const TENSOR_JSON_DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'int64'];

function inputError(name: string | undefined, message: string, cause?: unknown): RnnkitError {
  const prefix = name === undefined ? 'tensor JSON' : `tensor '${name}'`;
  return new RnnkitError('INVALID_INPUT', `${prefix}: ${message}`, { path: name, cause });
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value) ?? typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses tensor JSON text into named tensors (INVALID_INPUT naming the tensor on any problem). */
export function readTensorJson(text: string): NamedTensors {
  if (typeof text !== 'string')
    throw inputError(undefined, `expected JSON text, found ${describe(text)}`);
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw inputError(undefined, `not valid JSON: ${message}`, error);
  }
  return tensorsFromJson(json);
}

/** The same checks on already-parsed JSON. */
export function tensorsFromJson(json: unknown): NamedTensors {
  if (!isObject(json)) {
    throw inputError(undefined, `expected an object of named tensors, found ${describe(json)}`);
  }
  if (jsonTooDeep(json)) {
    throw inputError(undefined, `nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  const result: NamedTensors = {};
  for (const [name, entry] of Object.entries(json)) {
    // defineProperty so a tensor called "__proto__" stays a plain entry.
    Object.defineProperty(result, name, {
      value: readTensor(name, entry),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

function readTensor(name: string, entry: unknown): Tensor {
  if (!isObject(entry)) {
    throw inputError(name, `expected { "dtype", "shape", "data" }, found ${describe(entry)}`);
  }
  for (const key of Object.keys(entry)) {
    if (key !== 'dtype' && key !== 'shape' && key !== 'data') {
      throw inputError(name, `unknown field '${key}' (allowed: dtype, shape, data)`);
    }
  }
  const dtype = entry.dtype;
  if (typeof dtype !== 'string' || !(TENSOR_JSON_DTYPES as readonly string[]).includes(dtype)) {
    throw inputError(
      name,
      `expected dtype one of ${TENSOR_JSON_DTYPES.join(', ')}, found ${describe(dtype)}`,
    );
  }
  const shape = readShape(name, entry.shape);
  let size = 1;
  for (const dim of shape) {
    size *= dim;
    if (!Number.isSafeInteger(size))
      throw inputError(name, `shape [${shape.join(', ')}] is too large`);
  }
  const values = flatValues(name, entry.data, shape, size);
  return { dtype: dtype as DType, shape, data: typedData(name, dtype as DType, values) } as Tensor;
}

function readShape(name: string, shape: unknown): number[] {
  if (!Array.isArray(shape))
    throw inputError(name, `expected shape to be an array, found ${describe(shape)}`);
  shape.forEach((dim, index) => {
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) {
      throw inputError(
        name,
        `shape[${index}]: expected a non-negative integer, found ${describe(dim)}`,
      );
    }
  });
  return shape as number[];
}

/**
 * The data as a flat array of JSON values (not yet type-checked), without allocating anything
 * sized by the shape: flat data is used as is; nested data is measured first, then flattened.
 */
function flatValues(name: string, data: unknown, shape: number[], size: number): unknown[] {
  if (shape.length === 0 && !Array.isArray(data)) return [data];
  if (!Array.isArray(data))
    throw inputError(name, `expected data to be an array, found ${describe(data)}`);
  const flat = data.every((value) => !Array.isArray(value));
  if (flat) {
    if (data.length !== size) {
      throw inputError(
        name,
        `shape [${shape.join(', ')}] needs ${size} values, found ${data.length}`,
      );
    }
    return data;
  }
  checkNesting(name, data, shape, 0, []);
  return (data as unknown[]).flat(shape.length - 1);
}

function checkNesting(
  name: string,
  data: unknown,
  shape: number[],
  axis: number,
  at: number[],
): void {
  const where = at.length === 0 ? 'data' : `data${at.map((i) => `[${i}]`).join('')}`;
  if (axis === shape.length) {
    if (Array.isArray(data)) {
      throw inputError(name, `${where}: nested deeper than shape [${shape.join(', ')}] allows`);
    }
    return;
  }
  if (!Array.isArray(data)) {
    throw inputError(
      name,
      `${where}: expected an array of ${shape[axis]} (shape [${shape.join(', ')}]), found ${describe(data)}`,
    );
  }
  if (data.length !== shape[axis]) {
    throw inputError(
      name,
      `${where}: expected ${shape[axis]} entries for axis ${axis} of shape [${shape.join(', ')}], found ${data.length}`,
    );
  }
  data.forEach((item, index) => {
    checkNesting(name, item, shape, axis + 1, [...at, index]);
  });
}

function badValue(name: string, index: number, what: string, value: unknown): RnnkitError {
  const hint =
    value === null
      ? ' (NaN and Infinity cannot be written in JSON; JSON.stringify turns them into null)'
      : '';
  return inputError(
    name,
    `data[${index}] (flat): expected ${what}, found ${describe(value)}${hint}`,
  );
}

function typedData(name: string, dtype: DType, values: unknown[]): Tensor['data'] {
  const count = values.length;
  switch (dtype) {
    case 'float32':
    case 'float64': {
      const out = dtype === 'float32' ? new Float32Array(count) : new Float64Array(count);
      for (let i = 0; i < count; i++) {
        const value = values[i];
        if (typeof value !== 'number') throw badValue(name, i, 'a number', value);
        if (dtype === 'float32' && !Number.isFinite(Math.fround(value))) {
          throw badValue(name, i, 'a number within float32 range', value);
        }
        out[i] = value;
      }
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const value = values[i];
        if (
          typeof value !== 'number' ||
          !Number.isInteger(value) ||
          value < -2147483648 ||
          value > 2147483647
        ) {
          throw badValue(name, i, 'an int32 integer', value);
        }
        out[i] = value;
      }
      return out;
    }
    case 'int64': {
      const out = new BigInt64Array(count);
      for (let i = 0; i < count; i++) {
        const value = values[i];
        // Beyond 2^53 a JSON number has already lost digits when parsed, so it cannot be trusted.
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
          throw badValue(name, i, 'an integer within ±(2^53-1)', value);
        }
        out[i] = BigInt(value);
      }
      return out;
    }
  }
}
