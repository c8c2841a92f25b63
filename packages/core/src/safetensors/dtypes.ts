/**
 * The safetensors element types rnnkit reads and writes, with their sizes.
 * Sub-byte and 8-bit float types (F4, F6_*, F8_*) and complex C64 exist in the format but no
 * rnnkit model uses them; decoding them is refused as an unsupported dtype rather than guessed.
 */
export type SafetensorsDtype =
  | 'BOOL'
  | 'U8'
  | 'I8'
  | 'I16'
  | 'U16'
  | 'F16'
  | 'BF16'
  | 'I32'
  | 'U32'
  | 'F32'
  | 'F64'
  | 'I64'
  | 'U64';

/**
 * In-memory data per dtype. F16 and BF16 keep their raw 16-bit patterns (JavaScript has no
 * half-precision array everywhere yet); `toFloat32Weights` converts them. BOOL is one byte per value.
 */
export interface SafetensorsDataOf {
  BOOL: Uint8Array;
  U8: Uint8Array;
  I8: Int8Array;
  I16: Int16Array;
  U16: Uint16Array;
  F16: Uint16Array;
  BF16: Uint16Array;
  I32: Int32Array;
  U32: Uint32Array;
  F32: Float32Array;
  F64: Float64Array;
  I64: BigInt64Array;
  U64: BigUint64Array;
}

/** One tensor: row-major data in the given shape (`[]` is a scalar). Narrow on `dtype`. */
export type SafetensorsTensor = {
  [D in SafetensorsDtype]: { dtype: D; shape: number[]; data: SafetensorsDataOf[D] };
}[SafetensorsDtype];

interface DtypeInfo {
  bytes: number;
  /**
   * The position in the reference implementation's `Dtype` enum (increasing alignment). Its
   * writer orders tensors by this, descending, then by name, so every tensor starts aligned to its
   * element size once the header is padded to 8 bytes; rnnkit writes the same order.
   */
  rank: number;
  array: new (
    buffer: ArrayBuffer,
    byteOffset?: number,
    length?: number,
  ) => SafetensorsDataOf[SafetensorsDtype];
}

export const DTYPES: Record<SafetensorsDtype, DtypeInfo> = {
  BOOL: { bytes: 1, rank: 0, array: Uint8Array },
  U8: { bytes: 1, rank: 4, array: Uint8Array },
  I8: { bytes: 1, rank: 5, array: Int8Array },
  I16: { bytes: 2, rank: 11, array: Int16Array },
  U16: { bytes: 2, rank: 12, array: Uint16Array },
  F16: { bytes: 2, rank: 13, array: Uint16Array },
  BF16: { bytes: 2, rank: 14, array: Uint16Array },
  I32: { bytes: 4, rank: 15, array: Int32Array },
  U32: { bytes: 4, rank: 16, array: Uint32Array },
  F32: { bytes: 4, rank: 17, array: Float32Array },
  F64: { bytes: 8, rank: 19, array: Float64Array },
  I64: { bytes: 8, rank: 20, array: BigInt64Array },
  U64: { bytes: 8, rank: 21, array: BigUint64Array },
};

export function isSafetensorsDtype(value: unknown): value is SafetensorsDtype {
  return typeof value === 'string' && Object.hasOwn(DTYPES, value);
}

/** safetensors data is little-endian; typed arrays use the platform's order. */
export const PLATFORM_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses each element's bytes in place (only ever needed on big-endian platforms). */
export function swapBytes(bytes: Uint8Array, elementSize: number): void {
  if (elementSize === 1) return;
  for (let start = 0; start < bytes.length; start += elementSize) {
    for (let low = start, high = start + elementSize - 1; low < high; low++, high--) {
      const byte = bytes[low];
      bytes[low] = bytes[high];
      bytes[high] = byte;
    }
  }
}
