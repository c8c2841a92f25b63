/**
 * TensorProto data: the size check done at decode (data must match dims exactly) and the
 * conversions importers use. Values may sit in a typed field or in little-endian `rawData`.
 */

import { OnnxDataType, type OnnxTensor } from './types.js';
import { formatError } from './wire-reader.js';

const T = OnnxDataType;

/** Bytes per element in raw_data, for the fixed-size types. */
const RAW_ELEMENT_BYTES: Record<number, number> = {
  [T.FLOAT]: 4,
  [T.UINT8]: 1,
  [T.INT8]: 1,
  [T.UINT16]: 2,
  [T.INT16]: 2,
  [T.INT32]: 4,
  [T.INT64]: 8,
  [T.BOOL]: 1,
  [T.FLOAT16]: 2,
  [T.DOUBLE]: 8,
  [T.UINT32]: 4,
  [T.UINT64]: 8,
  [T.COMPLEX64]: 8,
  [T.COMPLEX128]: 16,
  [T.BFLOAT16]: 2,
};

const TYPE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(OnnxDataType).map(([name, code]) => [code, name]),
);

export function dataTypeName(dataType: number): string {
  return TYPE_NAMES[dataType] ?? `data type ${dataType}`;
}

function describe(tensor: OnnxTensor): string {
  return tensor.name === '' ? 'unnamed tensor' : `tensor '${tensor.name}'`;
}

/** Number of elements dims describe; dims are checked non-negative safe integers at decode. */
export function elementCount(dims: readonly number[]): number {
  let count = 1;
  for (const dim of dims) count *= dim;
  return count;
}

/** Which typed field holds values of this type, and how many entries per element. */
function typedField(
  tensor: OnnxTensor,
): { values: unknown[] | undefined; perElement: number } | undefined {
  switch (tensor.dataType) {
    case T.FLOAT:
      return { values: tensor.floatData, perElement: 1 };
    case T.COMPLEX64:
      return { values: tensor.floatData, perElement: 2 };
    case T.INT32:
    case T.INT16:
    case T.INT8:
    case T.UINT16:
    case T.UINT8:
    case T.BOOL:
    case T.FLOAT16:
    case T.BFLOAT16:
      return { values: tensor.int32Data, perElement: 1 };
    case T.INT64:
      return { values: tensor.int64Data, perElement: 1 };
    case T.DOUBLE:
      return { values: tensor.doubleData, perElement: 1 };
    case T.COMPLEX128:
      return { values: tensor.doubleData, perElement: 2 };
    case T.UINT32:
    case T.UINT64:
      return { values: tensor.uint64Data, perElement: 1 };
    case T.STRING:
      return { values: tensor.stringData, perElement: 1 };
    default:
      return undefined;
  }
}

/** Throws MODEL_FORMAT naming the tensor when its data disagrees with its dims or type. */
export function checkTensorData(tensor: OnnxTensor): void {
  for (const dim of tensor.dims) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw formatError(
        `${describe(tensor)} has invalid dimension ${dim} in dims [${tensor.dims}]`,
        tensor.name,
      );
    }
  }
  const count = elementCount(tensor.dims);
  const field = typedField(tensor);
  if (field === undefined) {
    if (tensor.dataType === T.UNDEFINED && count === 0) return;
    throw formatError(
      `${describe(tensor)} has unsupported ${dataTypeName(tensor.dataType)}`,
      tensor.name,
    );
  }
  const holders = [
    tensor.floatData,
    tensor.int32Data,
    tensor.int64Data,
    tensor.doubleData,
    tensor.uint64Data,
    tensor.stringData,
    tensor.rawData,
  ].filter((values) => values !== undefined && values.length > 0);
  if (holders.length > 1) {
    throw formatError(`${describe(tensor)} stores data in more than one field`, tensor.name);
  }
  if (tensor.rawData !== undefined && tensor.rawData.length > 0) {
    const size = RAW_ELEMENT_BYTES[tensor.dataType];
    if (size === undefined) {
      throw formatError(
        `${describe(tensor)}: ${dataTypeName(tensor.dataType)} cannot use raw_data`,
        tensor.name,
      );
    }
    if (tensor.rawData.length !== count * size) {
      throw formatError(
        `${describe(tensor)} has dims [${tensor.dims}] (${count} ${dataTypeName(tensor.dataType)} values, ${count * size} bytes) but raw_data holds ${tensor.rawData.length} bytes`,
        tensor.name,
      );
    }
    return;
  }
  const held = field.values?.length ?? 0;
  if (held !== count * field.perElement) {
    throw formatError(
      `${describe(tensor)} has dims [${tensor.dims}] (${count} ${dataTypeName(tensor.dataType)} values) but holds ${held}${holders.length === 1 && held === 0 ? ' in the wrong field' : ''}`,
      tensor.name,
    );
  }
}

function rawView(raw: Uint8Array): DataView {
  return new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
}

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/**
 * Any real numeric tensor's values as float64 (int64 beyond 2^53 loses precision).
 * Refuses strings and complex numbers with MODEL_FORMAT naming the tensor.
 */
export function tensorToFloat64(tensor: OnnxTensor): Float64Array {
  checkTensorData(tensor);
  const count = elementCount(tensor.dims);
  const out = new Float64Array(count);
  const raw =
    tensor.rawData !== undefined && tensor.rawData.length > 0 ? rawView(tensor.rawData) : undefined;
  const t = tensor.dataType;
  if (raw) {
    for (let i = 0; i < count; i++) {
      switch (t) {
        case T.FLOAT:
          out[i] = raw.getFloat32(i * 4, true);
          break;
        case T.DOUBLE:
          out[i] = raw.getFloat64(i * 8, true);
          break;
        case T.INT64:
          out[i] = Number(raw.getBigInt64(i * 8, true));
          break;
        case T.UINT64:
          out[i] = Number(raw.getBigUint64(i * 8, true));
          break;
        case T.INT32:
          out[i] = raw.getInt32(i * 4, true);
          break;
        case T.UINT32:
          out[i] = raw.getUint32(i * 4, true);
          break;
        case T.INT16:
          out[i] = raw.getInt16(i * 2, true);
          break;
        case T.UINT16:
          out[i] = raw.getUint16(i * 2, true);
          break;
        case T.INT8:
          out[i] = raw.getInt8(i);
          break;
        case T.UINT8:
        case T.BOOL:
          out[i] = raw.getUint8(i);
          break;
        case T.FLOAT16:
          out[i] = halfToFloat(raw.getUint16(i * 2, true));
          break;
        case T.BFLOAT16:
          out[i] = new Float32Array(new Uint32Array([raw.getUint16(i * 2, true) << 16]).buffer)[0];
          break;
        default:
          throw formatError(
            `${describe(tensor)}: ${dataTypeName(t)} is not a real number type`,
            tensor.name,
          );
      }
    }
    return out;
  }
  switch (t) {
    case T.FLOAT:
      out.set(tensor.floatData ?? []);
      return out;
    case T.DOUBLE:
      out.set(tensor.doubleData ?? []);
      return out;
    case T.INT64:
      out.set(tensor.int64Data ?? []);
      return out;
    case T.UINT32:
    case T.UINT64:
      out.set(tensor.uint64Data ?? []);
      return out;
    case T.INT32:
    case T.INT16:
    case T.INT8:
    case T.UINT16:
    case T.UINT8:
    case T.BOOL:
      out.set(tensor.int32Data ?? []);
      return out;
    case T.FLOAT16: {
      const bits = tensor.int32Data ?? [];
      for (let i = 0; i < count; i++) out[i] = halfToFloat(bits[i] & 0xffff);
      return out;
    }
    case T.BFLOAT16: {
      const bits = tensor.int32Data ?? [];
      const word = new Uint32Array(1);
      const asFloat = new Float32Array(word.buffer);
      for (let i = 0; i < count; i++) {
        word[0] = (bits[i] & 0xffff) << 16;
        out[i] = asFloat[0];
      }
      return out;
    }
    default:
      throw formatError(
        `${describe(tensor)}: ${dataTypeName(t)} is not a real number type`,
        tensor.name,
      );
  }
}

/** A tensor's values as float32 (weights); any real numeric type is converted. */
export function tensorToFloat32(tensor: OnnxTensor): Float32Array {
  if (tensor.dataType === T.FLOAT && tensor.rawData !== undefined && tensor.rawData.length > 0) {
    checkTensorData(tensor);
    // Copy into an aligned buffer: raw_data inside a protobuf is rarely 4-byte aligned.
    const copy = tensor.rawData.slice();
    return new Float32Array(copy.buffer, 0, copy.length / 4);
  }
  return Float32Array.from(tensorToFloat64(tensor));
}

/** A tensor's values as plain numbers (shape constants, axes, lengths). */
export function tensorToNumbers(tensor: OnnxTensor): number[] {
  return Array.from(tensorToFloat64(tensor));
}

export function float32OnnxTensor(
  name: string,
  dims: readonly number[],
  data: ArrayLike<number>,
): OnnxTensor {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  const tensor: OnnxTensor = { name, dims: [...dims], dataType: T.FLOAT, rawData: bytes };
  checkTensorData(tensor);
  return tensor;
}

export function int64OnnxTensor(
  name: string,
  dims: readonly number[],
  data: ArrayLike<number>,
): OnnxTensor {
  const tensor: OnnxTensor = {
    name,
    dims: [...dims],
    dataType: T.INT64,
    int64Data: Array.from(data),
  };
  checkTensorData(tensor);
  return tensor;
}

export function int32OnnxTensor(
  name: string,
  dims: readonly number[],
  data: ArrayLike<number>,
): OnnxTensor {
  const tensor: OnnxTensor = {
    name,
    dims: [...dims],
    dataType: T.INT32,
    int32Data: Array.from(data),
  };
  checkTensorData(tensor);
  return tensor;
}
