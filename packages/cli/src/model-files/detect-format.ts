/**
 * Which kind of model file a path holds, from its name and its first bytes. The bytes win over
 * the name when they disagree in a way that matters (a `.onnx` that is really a zip is refused),
 * so a wrong file gets a MODEL_FORMAT error here instead of a confusing one deep in a parser.
 */
import { RnnkitError } from '@rnnkit/core';

export type ModelFileFormat = 'rnnkit' | 'onnx' | 'tfjs-layers' | 'keras-v3' | 'keras-h5';

export const FORMAT_NAMES: Readonly<Record<ModelFileFormat, string>> = {
  rnnkit: 'rnnkit spec (.json + .safetensors)',
  onnx: 'ONNX',
  'tfjs-layers': 'TF.js layers model (model.json + shards)',
  'keras-v3': 'Keras 3 (.keras)',
  'keras-h5': 'Keras HDF5 (.h5)',
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
 * An ONNX ModelProto starts with a protobuf field tag; every writer puts ir_version (field 1,
 * varint: tag 0x08) first. Text files start with a printable character, never 0x08.
 */
function looksLikeOnnx(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x08;
}

function notAModel(path: string, detail: string): RnnkitError {
  return new RnnkitError(
    'MODEL_FORMAT',
    `${path} is not a model rnnkit reads (${detail}); expected an rnnkit spec .json, .onnx, .h5, .keras or TF.js model.json`,
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
