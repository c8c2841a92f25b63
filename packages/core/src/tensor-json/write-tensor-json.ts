/**
 * Writes named tensors as tensor JSON with flat row-major data, one tensor per line.
 * float32 values are written with the fewest digits that read back as the same float32
 * (0.1, not 0.10000000149011612), so files stay readable and round-trip exactly.
 * NaN and Infinity have no JSON spelling: writing them is INVALID_INPUT naming the tensor,
 * never a silent `null`. int64 values must lie within ±(2^53-1) to be written as numbers.
 */
import { RnnkitError } from '../errors.js';
import type { NamedTensors, Tensor } from '../tensor.js';
import { TENSOR_JSON_DTYPES } from './read-tensor-json.js';

function outputError(name: string, message: string): RnnkitError {
  return new RnnkitError('INVALID_INPUT', `tensor '${name}': ${message}`, { path: name });
}

/** Shortest decimal that reads back as the same float32. */
export function float32ToText(value: number): string {
  if (Object.is(value, -0)) return '-0';
  for (let precision = 1; precision <= 9; precision++) {
    const text = Number(value.toPrecision(precision));
    if (Math.fround(text) === value) return String(text);
  }
  return String(value);
}

function valuesText(name: string, tensor: Tensor): string {
  const parts: string[] = new Array(tensor.data.length);
  if (tensor.dtype === 'int64') {
    const data = tensor.data as BigInt64Array;
    for (let i = 0; i < data.length; i++) {
      const value = data[i];
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(-Number.MAX_SAFE_INTEGER)) {
        throw outputError(
          name,
          `int64 value ${value} at flat index ${i} is outside ±(2^53-1) and cannot be written as a JSON number`,
        );
      }
      parts[i] = value.toString();
    }
    return parts.join(',');
  }
  const data = tensor.data as Float32Array | Float64Array | Int32Array;
  for (let i = 0; i < data.length; i++) {
    const value = data[i];
    if (!Number.isFinite(value)) {
      throw outputError(
        name,
        `value ${value} at flat index ${i} cannot be written: JSON has no NaN or Infinity`,
      );
    }
    parts[i] = tensor.dtype === 'float32' ? float32ToText(value) : String(value);
  }
  return parts.join(',');
}

export function writeTensorJson(tensors: NamedTensors): string {
  const lines: string[] = [];
  for (const [name, tensor] of Object.entries(tensors)) {
    if (!(TENSOR_JSON_DTYPES as readonly string[]).includes(tensor.dtype)) {
      throw outputError(name, `dtype ${String(tensor.dtype)} cannot be written to tensor JSON`);
    }
    const size = tensor.shape.reduce((a, b) => a * b, 1);
    if (tensor.data.length !== size) {
      throw outputError(
        name,
        `shape [${tensor.shape.join(', ')}] needs ${size} values, found ${tensor.data.length}`,
      );
    }
    lines.push(
      `  ${JSON.stringify(name)}: { "dtype": "${tensor.dtype}", "shape": [${tensor.shape.join(', ')}], "data": [${valuesText(name, tensor)}] }`,
    );
  }
  return lines.length === 0 ? '{}\n' : `{\n${lines.join(',\n')}\n}\n`;
}
