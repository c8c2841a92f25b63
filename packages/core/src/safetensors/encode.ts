/**
 * Writes a safetensors file byte-for-byte as the reference writer does: tensors ordered by
 * descending dtype alignment then by name, `__metadata__` first in the header, and the header
 * padded with spaces to a multiple of 8 bytes so every tensor's data starts aligned.
 */
import { RnnkitError } from '../errors.js';
import {
  DTYPES,
  isSafetensorsDtype,
  PLATFORM_IS_LITTLE_ENDIAN,
  type SafetensorsTensor,
  swapBytes,
} from './dtypes.js';

/** What the encoder accepts: any tensor with one of the supported dtypes and matching typed array. */
export type SafetensorsInput = SafetensorsTensor;

function invalid(message: string, path?: string): RnnkitError {
  return new RnnkitError('INVALID_WEIGHTS', `safetensors: ${message}`, { path });
}

export function encodeSafetensors(
  tensors: ReadonlyMap<string, SafetensorsInput>,
  metadata?: Record<string, string>,
): Uint8Array {
  const entries = [...tensors].map(([name, tensor]) => checkTensor(name, tensor));
  entries.sort(
    ([nameA, a], [nameB, b]) =>
      DTYPES[b.dtype].rank - DTYPES[a.dtype].rank || compareUtf8(nameA, nameB),
  );

  // Built as entries and turned into an object with Object.fromEntries, which defines own
  // properties: plain assignment would make a tensor named "__proto__" vanish from the header.
  const header: [string, unknown][] = [];
  if (metadata !== undefined) {
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string')
        throw invalid(`metadata value for "${key}" must be a string`, '__metadata__');
    }
    header.push(['__metadata__', Object.fromEntries(Object.entries(metadata))]);
  }
  let offset = 0;
  for (const [name, tensor] of entries) {
    const end = offset + tensor.data.byteLength;
    header.push([name, { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, end] }]);
    offset = end;
  }

  const json = new TextEncoder().encode(JSON.stringify(Object.fromEntries(header)));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);

  let position = 8 + headerLength;
  for (const [, tensor] of entries) {
    const { data } = tensor;
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    out.set(raw, position);
    if (!PLATFORM_IS_LITTLE_ENDIAN)
      swapBytes(out.subarray(position, position + raw.length), DTYPES[tensor.dtype].bytes);
    position += raw.length;
  }
  return out;
}

function checkTensor(name: string, tensor: SafetensorsInput): [string, SafetensorsInput] {
  if (name.length === 0 || name === '__metadata__')
    throw invalid(`"${name}" cannot name a tensor`, name);
  if (!isSafetensorsDtype(tensor.dtype))
    throw invalid(`tensor "${name}": unsupported dtype ${JSON.stringify(tensor.dtype)}`, name);
  const info = DTYPES[tensor.dtype];
  if (!(tensor.data instanceof info.array)) {
    throw invalid(`tensor "${name}": ${tensor.dtype} data must be a ${info.array.name}`, name);
  }
  if (
    !Array.isArray(tensor.shape) ||
    !tensor.shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)
  ) {
    throw invalid(`tensor "${name}": shape must be an array of non-negative integers`, name);
  }
  const size = tensor.shape.reduce((product, dim) => product * dim, 1);
  if (size !== tensor.data.length) {
    throw invalid(
      `tensor "${name}": shape ${JSON.stringify(tensor.shape)} holds ${size} values but data has ${tensor.data.length}`,
      name,
    );
  }
  return [name, { ...tensor, shape: [...tensor.shape] } as SafetensorsInput];
}

/** Byte-wise order of the UTF-8 encodings, as the reference writer (Rust `String` order) sorts names. */
function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const encoder = new TextEncoder();
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) if (left[i] !== right[i]) return left[i] - right[i];
  return left.length - right.length;
}
