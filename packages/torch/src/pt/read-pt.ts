/**
 * `torch.save(model.state_dict(), path)` files -> named tensors, in both formats PyTorch writes
 * (torch/serialization.py):
 * - zip (default since 1.6, `_save`): `<archive>/data.pkl` is the pickle, each storage's bytes
 *   are `<archive>/data/<key>`, `<archive>/byteorder` says 'little' or 'big' (absent: little).
 * - legacy (`_use_new_zipfile_serialization=False`, `_legacy_save`): five pickles in a row (magic
 *   number 0x1950a86a20f9469cfc6c, protocol version 1001, sys info with `little_endian`, the
 *   object, the list of storage keys), then per key in that order an int64 element count and
 *   the storage's raw bytes.
 * The top-level object is the state dict, or a dict holding it under 'state_dict' /
 * 'model_state_dict' / 'model' / 'net' (training checkpoints).
 */
import type { SafetensorsTensor } from '@rnnkit/core';
import { describePickle, PickleDict, type PickleValue, TorchTensor } from './pickle-values.js';
import { ptError } from './pt-error.js';
import { STORAGE_TYPES } from './torch-globals.js';
import { unpickle } from './unpickle.js';
import { isZip, zipEntries } from './zip-entries.js';

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL = 1001;
const CHECKPOINT_KEYS = ['state_dict', 'model_state_dict', 'model', 'net'];

export interface PtStateDict {
  tensors: Map<string, SafetensorsTensor>;
  format: 'zip' | 'legacy';
  /** Where the state dict sat: '' at the top, else the checkpoint key. */
  key: string;
}

/** Legacy files start with PROTO 2 and the magic number as LONG1 of 10 bytes. */
export function isLegacyPt(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x80 && bytes[2] === 0x8a && bytes[3] === 0x0a;
}

export function isPt(bytes: Uint8Array): boolean {
  return isLegacyPt(bytes) || isPtZip(bytes);
}

function isPtZip(bytes: Uint8Array): boolean {
  if (!isZip(bytes)) return false;
  // The first entry of a PyTorch archive is <archive>/data.pkl (or .data/version.. in 2.x);
  // the name sits at offset 30 of the first local header.
  const nameLength = bytes[26] | (bytes[27] << 8);
  const name = new TextDecoder().decode(bytes.subarray(30, 30 + Math.min(nameLength, 512)));
  return /\/(data\.pkl|\.data\/|byteorder|version)/.test(name) || name.endsWith('data.pkl');
}

type StorageBytes = (key: string) => { bytes: Uint8Array; littleEndian: boolean } | undefined;

export function readPtStateDict(bytes: Uint8Array): PtStateDict {
  if (isZip(bytes)) return readZip(bytes);
  if (isLegacyPt(bytes)) return readLegacy(bytes);
  throw ptError('not a PyTorch checkpoint (neither a zip archive nor a legacy pickle)');
}

function readZip(bytes: Uint8Array): PtStateDict {
  const entries = zipEntries(bytes);
  const pickles = [...entries.keys()].filter((name) => /^[^/]+\/data\.pkl$/.test(name));
  if (pickles.length !== 1)
    throw ptError(`the zip archive has ${pickles.length} '<archive>/data.pkl' entries, expected 1`);
  const prefix = pickles[0].slice(0, -'data.pkl'.length);
  const order = entries.get(`${prefix}byteorder`);
  const orderText = order ? new TextDecoder().decode(order).trim() : 'little';
  if (orderText !== 'little' && orderText !== 'big')
    throw ptError(`byteorder '${orderText.slice(0, 20)}' is neither little nor big`);
  const { value } = unpickle(entries.get(pickles[0]) as Uint8Array, 0, 'data.pkl');
  const storage: StorageBytes = (key) => {
    const data = entries.get(`${prefix}data/${key}`);
    return data && { bytes: data, littleEndian: orderText === 'little' };
  };
  return { ...collect(value, storage), format: 'zip' };
}

function readLegacy(bytes: Uint8Array): PtStateDict {
  const magic = unpickle(bytes, 0, 'magic number');
  if (BigInt(magic.value as number | bigint) !== LEGACY_MAGIC)
    throw ptError('the legacy magic number is wrong');
  const protocol = unpickle(bytes, magic.end, 'protocol version');
  if (protocol.value !== LEGACY_PROTOCOL)
    throw ptError(`legacy protocol version ${describePickle(protocol.value)}, expected 1001`);
  const info = unpickle(bytes, protocol.end, 'sys info');
  const littleEndian =
    info.value instanceof PickleDict ? info.value.entries.get('little_endian') !== false : true;
  const main = unpickle(bytes, info.end, 'the pickled object');
  const keys = unpickle(bytes, main.end, 'storage keys');
  if (!Array.isArray(keys.value) || !keys.value.every((k) => typeof k === 'string'))
    throw ptError('the legacy storage key list is not a list of strings');
  // Each record: int64 element count, then count * element size bytes. The element size comes
  // from the storage's type, known from the persistent ids met in the object.
  const sizes = elementSizes(main.value);
  const records = new Map<string, Uint8Array>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = keys.end;
  for (const key of keys.value as string[]) {
    if (at + 8 > bytes.length) throw ptError(`storage '${key}' is truncated`, key);
    const count = view.getBigInt64(at, littleEndian);
    const size = sizes.get(key);
    if (size === undefined) throw ptError(`storage '${key}' is listed but never used`, key);
    if (count < 0n || count * BigInt(size) > BigInt(bytes.length - at - 8))
      throw ptError(`storage '${key}' claims ${count} elements past the end of the file`, key);
    const length = Number(count) * size;
    if (records.has(key)) throw ptError(`storage '${key}' is stored twice`, key);
    records.set(key, bytes.subarray(at + 8, at + 8 + length));
    at += 8 + length;
  }
  const storage: StorageBytes = (key) => {
    const data = records.get(key);
    return data && { bytes: data, littleEndian };
  };
  return { ...collect(main.value, storage), format: 'legacy' };
}

/** Storage key -> element size, from every tensor reachable in the object (iteratively). */
function elementSizes(root: PickleValue): Map<string, number> {
  const sizes = new Map<string, number>();
  const stack: PickleValue[] = [root];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const value = stack.pop() as PickleValue;
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof TorchTensor) {
      const info = STORAGE_TYPES.get(value.storage.storageType);
      if (info) sizes.set(value.storage.key, info.bytes);
    } else if (value instanceof PickleDict) stack.push(...value.entries.values());
    else if (Array.isArray(value)) stack.push(...value);
    else if ('items' in value && Array.isArray(value.items)) stack.push(...value.items);
  }
  return sizes;
}

function stateDictOf(value: PickleValue): { dict: PickleDict; key: string } {
  if (!(value instanceof PickleDict))
    throw ptError(`the checkpoint holds ${describePickle(value)}, not a state dict`);
  const isStateDict = (dict: PickleDict) =>
    dict.entries.size > 0 && [...dict.entries.values()].every((v) => v instanceof TorchTensor);
  if (isStateDict(value)) return { dict: value, key: '' };
  for (const key of CHECKPOINT_KEYS) {
    const inner = value.entries.get(key);
    if (inner instanceof PickleDict && isStateDict(inner)) return { dict: inner, key };
  }
  const keys = [...value.entries.keys()].slice(0, 12).map((k) => describePickle(k as PickleValue));
  throw ptError(
    `the checkpoint is a dict (keys ${keys.join(', ')}) without a state dict of tensors at the top or under ${CHECKPOINT_KEYS.map((k) => `'${k}'`).join(', ')}`,
  );
}

function collect(root: PickleValue, storage: StorageBytes): Omit<PtStateDict, 'format'> {
  const { dict, key } = stateDictOf(root);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const [name, value] of dict.entries) {
    if (typeof name !== 'string')
      throw ptError(`a state dict key is ${describePickle(name as PickleValue)}`);
    tensors.set(name, materialize(name, value as TorchTensor, storage));
  }
  return { tensors, key };
}

const MAX_ELEMENTS = 2 ** 28;

/** Copies a (possibly strided, possibly shared) tensor out of its storage, row-major. */
function materialize(name: string, tensor: TorchTensor, storage: StorageBytes): SafetensorsTensor {
  const info = STORAGE_TYPES.get(tensor.storage.storageType);
  if (!info) throw ptError(`tensor '${name}' has storage type ${tensor.storage.storageType}`, name);
  const found = storage(tensor.storage.key);
  if (!found) throw ptError(`tensor '${name}': storage '${tensor.storage.key}' is missing`, name);
  const { bytes: elementBytes } = info;
  const base = tensor.storage.viewOffset;
  const available = Math.floor(found.bytes.length / elementBytes) - base;
  const numel = Math.min(tensor.storage.numel, available);
  let count = 1;
  for (const dim of tensor.shape) count *= dim;
  if (count > MAX_ELEMENTS) throw ptError(`tensor '${name}' has ${count} elements`, name);
  if (count > 0) {
    let last = tensor.offset;
    tensor.shape.forEach((dim, i) => {
      last += (dim - 1) * tensor.stride[i];
    });
    if (last >= numel) {
      throw ptError(
        `tensor '${name}' [${tensor.shape}] at offset ${tensor.offset} with stride [${tensor.stride}] reads element ${last} of a ${numel}-element storage`,
        name,
      );
    }
  }
  const out = new Uint8Array(count * elementBytes);
  const index = new Array<number>(tensor.shape.length).fill(0);
  const source = found.bytes;
  for (let to = 0; to < count; to++) {
    let element = base + tensor.offset;
    for (let i = 0; i < index.length; i++) element += index[i] * tensor.stride[i];
    const from = element * elementBytes;
    const target = to * elementBytes;
    if (found.littleEndian) {
      for (let b = 0; b < elementBytes; b++) out[target + b] = source[from + b];
    } else {
      for (let b = 0; b < elementBytes; b++) out[target + b] = source[from + elementBytes - 1 - b];
    }
    for (let axis = index.length - 1; axis >= 0; axis--) {
      if (++index[axis] < tensor.shape[axis]) break;
      index[axis] = 0;
    }
  }
  return typedTensor(info.dtype, [...tensor.shape], out);
}

function typedTensor(dtype: string, shape: number[], raw: Uint8Array): SafetensorsTensor {
  const buffer = raw.buffer as ArrayBuffer;
  switch (dtype) {
    case 'F32':
      return { dtype, shape, data: new Float32Array(buffer) };
    case 'F64':
      return { dtype, shape, data: new Float64Array(buffer) };
    case 'F16':
      return { dtype, shape, data: new Uint16Array(buffer) };
    case 'BF16':
      return { dtype, shape, data: new Uint16Array(buffer) };
    case 'I64':
      return { dtype, shape, data: new BigInt64Array(buffer) };
    case 'I32':
      return { dtype, shape, data: new Int32Array(buffer) };
    case 'I16':
      return { dtype, shape, data: new Int16Array(buffer) };
    case 'I8':
      return { dtype, shape, data: new Int8Array(buffer) };
    case 'U8':
      return { dtype, shape, data: new Uint8Array(buffer) };
    default:
      return { dtype: 'BOOL', shape, data: new Uint8Array(buffer) };
  }
}
