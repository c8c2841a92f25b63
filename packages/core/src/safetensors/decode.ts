/**
 * Reads a safetensors file (https://github.com/huggingface/safetensors#format):
 *
 *   8 bytes   N, unsigned little-endian: the header's length in bytes
 *   N bytes   UTF-8 JSON: { "<name>": { "dtype", "shape", "data_offsets": [begin, end] }, …,
 *             "__metadata__"?: { string: string } }, possibly padded with spaces
 *   rest      the tensors' bytes, little-endian, row-major; offsets are relative to its start
 *
 * The file is untrusted. Everything it claims (header length, shapes, offsets) is checked against
 * the bytes actually present before anything is allocated, so the largest allocation is a copy of
 * bytes the caller already holds. The rules are the reference implementation's: header at most
 * 100 MB, tensors tiling the data section exactly (sorted by offset, no gaps, no overlaps, ending
 * at the end of the file), and each tensor's byte length = product(shape) * dtype size.
 */
import { RnnkitError } from '../errors.js';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../json/json-depth.js';
import {
  DTYPES,
  isSafetensorsDtype,
  PLATFORM_IS_LITTLE_ENDIAN,
  type SafetensorsTensor,
  swapBytes,
} from './dtypes.js';
import { findDuplicateKey } from './duplicate-keys.js';

/** The reference implementation's limit; real headers are kilobytes. */
export const MAX_HEADER_BYTES = 100_000_000;

const METADATA_KEY = '__metadata__';

export interface DecodedSafetensors {
  /** In file order (by data offset). */
  tensors: Map<string, SafetensorsTensor>;
  /** The `__metadata__` entries; empty when the file has none. */
  metadata: Record<string, string>;
}

interface Entry {
  name: string;
  dtype: SafetensorsTensor['dtype'];
  shape: number[];
  begin: number;
  end: number;
}

function invalid(message: string, path?: string): RnnkitError {
  return new RnnkitError('INVALID_WEIGHTS', `safetensors: ${message}`, { path });
}

export function decodeSafetensors(bytes: Uint8Array): DecodedSafetensors {
  if (!(bytes instanceof Uint8Array)) throw invalid('expected the file as a Uint8Array');
  if (bytes.length < 8)
    throw invalid(`file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Read as two 32-bit halves: a 2^60 claim must be compared, not converted to a lossy number first.
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  if (high !== 0 || low > MAX_HEADER_BYTES) {
    throw invalid(
      `header length ${(BigInt(high) << 32n) | BigInt(low)} exceeds the ${MAX_HEADER_BYTES}-byte limit`,
    );
  }
  const headerLength = low;
  const dataStart = 8 + headerLength;
  if (dataStart > bytes.length) {
    throw invalid(
      `header length ${headerLength} runs past the end of the ${bytes.length}-byte file`,
    );
  }

  const header = parseHeader(bytes.subarray(8, dataStart));
  const metadata = readMetadata(header[METADATA_KEY]);
  const entries = Object.keys(header)
    .filter((name) => name !== METADATA_KEY)
    .map((name) => readEntry(name, header[name]));

  checkTiling(entries, bytes.length - dataStart);

  // Only now, with every claim checked against the bytes present, copy the data out. Each tensor
  // gets its own buffer at offset 0, so typed-array views are always aligned. (Not `slice`: on a
  // Node Buffer it returns a view into shared pool memory, not a copy.)
  const tensors = new Map<string, SafetensorsTensor>();
  for (const entry of entries) {
    const info = DTYPES[entry.dtype];
    const copy = new Uint8Array(entry.end - entry.begin);
    copy.set(bytes.subarray(dataStart + entry.begin, dataStart + entry.end));
    if (!PLATFORM_IS_LITTLE_ENDIAN) swapBytes(copy, info.bytes);
    const data = new info.array(copy.buffer, 0, (entry.end - entry.begin) / info.bytes);
    tensors.set(entry.name, { dtype: entry.dtype, shape: entry.shape, data } as SafetensorsTensor);
  }
  return { tensors, metadata };
}

function parseHeader(headerBytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch (cause) {
    throw new RnnkitError('INVALID_WEIGHTS', 'safetensors: header is not valid UTF-8', { cause });
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (cause) {
    throw new RnnkitError(
      'INVALID_WEIGHTS',
      `safetensors: header is not JSON (${(cause as Error).message})`,
      {
        cause,
      },
    );
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw invalid('header must be a JSON object');
  }
  if (jsonTooDeep(header)) throw invalid(`header nests deeper than ${MAX_JSON_DEPTH} levels`);
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) throw invalid(`header repeats the key "${duplicate}"`, duplicate);
  return header as Record<string, unknown>;
}

function readMetadata(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid('__metadata__ must be an object', METADATA_KEY);
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string')
      throw invalid(`__metadata__.${key} must be a string`, METADATA_KEY);
  }
  // fromEntries defines own properties, so a "__proto__" key stays an ordinary entry.
  return Object.fromEntries(Object.entries(value)) as Record<string, string>;
}

function readEntry(name: string, value: unknown): Entry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`tensor "${name}": entry must be an object`, name);
  }
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (!isSafetensorsDtype(dtype)) {
    throw invalid(`tensor "${name}": unsupported dtype ${JSON.stringify(dtype)}`, name);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    throw invalid(`tensor "${name}": shape must be an array of non-negative integers`, name);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every(isCount) ||
    offsets[0] > offsets[1]
  ) {
    throw invalid(
      `tensor "${name}": data_offsets must be [begin, end] with 0 <= begin <= end`,
      name,
    );
  }
  // Multiply in floating point and stop at the safe-integer limit, so a shape like
  // [2^40, 2^40] is an error instead of a wrapped or rounded size.
  let byteLength = DTYPES[dtype].bytes;
  for (const dim of shape as number[]) {
    byteLength *= dim;
    if (byteLength > Number.MAX_SAFE_INTEGER)
      throw invalid(`tensor "${name}": shape ${JSON.stringify(shape)} is too large`, name);
  }
  const [begin, end] = offsets as number[];
  if (end - begin !== byteLength) {
    throw invalid(
      `tensor "${name}": shape ${JSON.stringify(shape)} of ${dtype} needs ${byteLength} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}`,
      name,
    );
  }
  return { name, dtype, shape: [...(shape as number[])], begin, end };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The tensors, in offset order, must cover [0, dataLength) exactly once. Sorts `entries`. */
function checkTiling(entries: Entry[], dataLength: number): void {
  // Zero-length tensors sit anywhere; order them before others at the same offset so that
  // [4,4] followed by [4,8] is not mistaken for an overlap.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const entry of entries) {
    if (entry.end > dataLength) {
      throw invalid(
        `tensor "${entry.name}": data_offsets [${entry.begin}, ${entry.end}] run past the end of the ${dataLength}-byte data section`,
        entry.name,
      );
    }
    if (entry.begin < expected) {
      throw invalid(
        `tensor "${entry.name}": data_offsets [${entry.begin}, ${entry.end}] overlap the previous tensor`,
        entry.name,
      );
    }
    if (entry.begin > expected) {
      throw invalid(
        `tensor "${entry.name}": gap of unclaimed bytes before data_offsets [${entry.begin}, ${entry.end}]`,
        entry.name,
      );
    }
    expected = entry.end;
  }
  if (expected !== dataLength) {
    throw invalid(`tensors cover ${expected} bytes but the data section holds ${dataLength}`);
  }
}
