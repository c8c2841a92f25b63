/**
 * A minimal onnx.TensorProto reader for the ONNX backend test data (`input_<i>.pb`), so the
 * runner's tests do not depend on the codec being written in packages/onnx/src/proto.
 * Reads dims (1), data_type (2), float_data (4), int32_data (5), int64_data (7), name (8), raw_data (9).
 */
import type { Tensor } from '@rnnkit/core';

const FLOAT = 1;
const INT32 = 6;
const INT64 = 7;

export interface TensorProtoValue {
  name: string;
  tensor: Tensor;
}

class Reader {
  position = 0;
  constructor(readonly bytes: Uint8Array) {}
  get done(): boolean {
    return this.position >= this.bytes.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.position >= this.bytes.length) throw new Error('truncated varint');
      const byte = this.bytes[this.position++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  slice(length: number): Uint8Array {
    if (this.position + length > this.bytes.length) throw new Error('truncated field');
    const out = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return out;
  }
}

function signed64(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

export function readTensorProto(bytes: Uint8Array): TensorProtoValue {
  const reader = new Reader(bytes);
  const dims: number[] = [];
  let dataType = 0;
  let name = '';
  const floats: number[] = [];
  const ints: bigint[] = [];
  let raw: Uint8Array | undefined;
  while (!reader.done) {
    const key = Number(reader.varint());
    const field = key >> 3;
    const wire = key & 7;
    if (wire === 2) {
      const body = reader.slice(Number(reader.varint()));
      if (field === 8) name = new TextDecoder().decode(body);
      else if (field === 9) raw = body;
      else if (field === 1 || field === 5 || field === 7) {
        const inner = new Reader(body);
        while (!inner.done) {
          const value = signed64(inner.varint());
          if (field === 1) dims.push(Number(value));
          else ints.push(value);
        }
      } else if (field === 4) {
        const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
        for (let i = 0; i + 4 <= body.byteLength; i += 4) floats.push(view.getFloat32(i, true));
      }
    } else if (wire === 0) {
      const value = signed64(reader.varint());
      if (field === 1) dims.push(Number(value));
      else if (field === 2) dataType = Number(value);
      else if (field === 5 || field === 7) ints.push(value);
    } else if (wire === 5) {
      const body = reader.slice(4);
      if (field === 4)
        floats.push(new DataView(body.buffer, body.byteOffset, 4).getFloat32(0, true));
    } else if (wire === 1) {
      reader.slice(8);
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
  }
  const count = dims.reduce((a, b) => a * b, 1);
  const copy = raw ? new Uint8Array(raw) : undefined;
  if (dataType === FLOAT) {
    const data = copy ? new Float32Array(copy.buffer, 0, count) : Float32Array.from(floats);
    return { name, tensor: { dtype: 'float32', shape: dims, data } };
  }
  if (dataType === INT32) {
    const data = copy ? new Int32Array(copy.buffer, 0, count) : Int32Array.from(ints, Number);
    return { name, tensor: { dtype: 'int32', shape: dims, data } };
  }
  if (dataType === INT64) {
    const data = copy ? new BigInt64Array(copy.buffer, 0, count) : BigInt64Array.from(ints);
    return { name, tensor: { dtype: 'int64', shape: dims, data } };
  }
  throw new Error(`unsupported TensorProto data_type ${dataType}`);
}
