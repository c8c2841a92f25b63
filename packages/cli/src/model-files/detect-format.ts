/**
 * Which kind of model file a path holds, from its name and its first bytes. The bytes win over
 * the name when they disagree in a way that matters (a `.onnx` that is really a zip is refused),
 * so a wrong file gets a MODEL_FORMAT error here instead of a confusing one deep in a parser.
 */
import { RnnkitError } from '@rnnkit/core';

export type ModelFileFormat = 'rnnkit' | 'onnx' | 'tfjs-layers' | 'keras-v3' | 'keras-h5' | 'torch';

export const FORMAT_NAMES: Readonly<Record<ModelFileFormat, string>> = {
  rnnkit: 'rnnkit spec (.json + .safetensors)',
  onnx: 'ONNX',
  'tfjs-layers': 'TF.js layers model (model.json + shards)',
  'keras-v3': 'Keras 3 (.keras)',
  'keras-h5': 'Keras HDF5 (.h5)',
  torch: 'PyTorch state dict (.safetensors, .pt)',
};

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

/** HDF5 files may carry a user block: the signature sits at 0, 512, 1024, 2048, ... */
export function isHdf5(bytes: Uint8Array): boolean {
  for (let offset = 0; offset + 8 <= bytes.length; offset = offset === 0 ? 512 : offset * 2) {
    if (startsWith(bytes, HDF5_SIGNATURE, offset)) return true;
  }
  return false;
}

export function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
}

/**
 * torch.save output: the legacy format starts with PROTO 2 and its magic number
 * 0x1950a86a20f9469cfc6c as a 10-byte LONG1; the zip format's first entry is
 * `<archive>/data.pkl` (PyTorch writes it first; torch/serialization.py `_save`).
 */
export function isTorchSave(bytes: Uint8Array): boolean {
  const legacy = [
    0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19,
  ];
  if (startsWith(bytes, legacy)) return true;
  if (!isZip(bytes) || bytes.length < 30) return false;
  const nameLength = bytes[26] | (bytes[27] << 8);
  const name = new TextDecoder().decode(bytes.subarray(30, 30 + Math.min(nameLength, 256)));
  return /^[^/]+\/data\.pkl$/.test(name);
}

/** safetensors: an 8-byte little-endian header length, then the JSON header. */
export function isSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10 || bytes[8] !== 0x7b) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const length = view.getBigUint64(0, true);
  return length >= 2n && length <= BigInt(bytes.length - 8);
}

/** The `__metadata__` of a safetensors header (empty when absent or unreadable). */
export function safetensorsMetadata(bytes: Uint8Array): Record<string, unknown> {
  if (!isSafetensors(bytes)) return {};
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  const header = parseJsonBytes(bytes.subarray(8, 8 + length));
  const metadata = (header as { __metadata__?: unknown } | undefined)?.__metadata__;
  return typeof metadata === 'object' && metadata !== null
    ? (metadata as Record<string, unknown>)
    : {};
}

/**
 * An ONNX ModelProto starts with a protobuf field tag; every writer puts ir_version (field 1,
 * varint: tag 0x08) first. Text files start with a printable character, never 0x08.
 */
function looksLikeOnnx(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x08;
}

function notAModel(path: string, detail: string): RnnkitError {
  return new RnnkitError(
    'MODEL_FORMAT',
    `${path} is not a model rnnkit reads (${detail}); expected an rnnkit spec .json, .onnx, .h5, .keras, TF.js model.json or PyTorch .safetensors / .pt`,
    { path },
  );
}

export type JsonKind = 'rnnkit' | 'tfjs-layers' | 'other';

export function jsonKind(json: unknown): JsonKind {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'other';
  const record = json as Record<string, unknown>;
  if (record.format === 'rnnkit-model') return 'rnnkit';
  if ('modelTopology' in record) return 'tfjs-layers';
  return 'other';
}

export function parseJsonBytes(bytes: Uint8Array): unknown {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
}

/** Detects the format of `bytes` read from `path`; MODEL_FORMAT naming the path when none fits. */
export function detectFormat(path: string, bytes: Uint8Array): ModelFileFormat {
  const lower = path.toLowerCase();
  if (bytes.length === 0) throw notAModel(path, 'the file is empty');
  if (isHdf5(bytes)) return 'keras-h5';
  if (isSafetensors(bytes)) return 'torch';
  if (isTorchSave(bytes)) return 'torch';
  if (isZip(bytes)) {
    if (lower.endsWith('.keras') || lower.endsWith('.zip')) return 'keras-v3';
    throw notAModel(path, 'a zip archive that is not a .keras file');
  }
  const first = bytes.find(
    (byte) =>
      byte !== 0x20 &&
      byte !== 0x0a &&
      byte !== 0x0d &&
      byte !== 0x09 &&
      byte !== 0xef &&
      byte !== 0xbb &&
      byte !== 0xbf,
  );
  if (first === 0x7b /* '{' */) {
    const kind = jsonKind(parseJsonBytes(bytes));
    if (kind === 'rnnkit') return 'rnnkit';
    if (kind === 'tfjs-layers') return 'tfjs-layers';
    throw notAModel(
      path,
      kind === 'other' && parseJsonBytes(bytes) === undefined
        ? 'invalid JSON'
        : 'JSON without "format": "rnnkit-model" or "modelTopology"',
    );
  }
  if (lower.endsWith('.onnx') || looksLikeOnnx(bytes)) {
    if (looksLikeOnnx(bytes)) return 'onnx';
    throw notAModel(path, 'does not start like an ONNX protobuf');
  }
  if (lower.endsWith('.h5') || lower.endsWith('.hdf5')) throw notAModel(path, 'no HDF5 signature');
  if (lower.endsWith('.keras')) throw notAModel(path, 'not a zip archive');
  if (lower.endsWith('.json')) throw notAModel(path, 'invalid JSON');
  throw notAModel(path, 'unrecognised contents');
}
