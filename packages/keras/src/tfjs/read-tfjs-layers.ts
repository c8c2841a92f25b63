/**
 * TF.js layers models: model.json (modelTopology + weightsManifest) and its binary shards, from
 * any converter version: early files have no `format` field, topology wrapped in `model_config`,
 * and shards named `group1-shard1of1` without an extension.
 */
import { buildModel, type ImportedKerasModel } from '../build-model.js';
import { invalidWeights, modelFormat, unsupported } from '../errors.js';
import { parseJson } from '../h5/read-keras-h5.js';
import type { KerasWeight } from '../weights/assemble.js';
import { halfToFloat } from '../weights/half-float.js';

type Json = Record<string, unknown>;

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, uint8: 1, uint16: 2, float16: 2 };

function shardFor(shards: Record<string, Uint8Array>, path: string): Uint8Array | undefined {
  if (shards[path]) return shards[path];
  const clean = path.replace(/^\.\//, '');
  if (shards[clean]) return shards[clean];
  const base = clean.split('/').pop() as string;
  const match = Object.keys(shards).find(
    (key) => key === base || key.split(/[\\/]/).pop() === base,
  );
  return match === undefined ? undefined : shards[match];
}

function entryBytes(entry: ManifestEntry, path: string): number {
  const stored = entry.quantization?.dtype ?? entry.dtype;
  const size = Object.hasOwn(BYTES, stored) ? BYTES[stored] : undefined;
  if (size === undefined)
    throw unsupported(`TF.js weight dtype '${stored}'`, `weight '${entry.name}'`, path);
  return size * entry.shape.reduce((a, b) => a * b, 1);
}

function decode(entry: ManifestEntry, bytes: Uint8Array): Float32Array {
  const count = entry.shape.reduce((a, b) => a * b, 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  const q = entry.quantization;
  const stored = q?.dtype ?? entry.dtype;
  for (let i = 0; i < count; i++) {
    let value: number;
    if (stored === 'float32') value = view.getFloat32(i * 4, true);
    else if (stored === 'int32') value = view.getInt32(i * 4, true);
    else if (stored === 'uint8') value = view.getUint8(i);
    else if (stored === 'uint16') value = view.getUint16(i * 2, true);
    else value = halfToFloat(view.getUint16(i * 2, true));
    // Affine-quantised weights: value = q * scale + min.
    if (q && (stored === 'uint8' || stored === 'uint16'))
      value = value * (q.scale ?? 1) + (q.min ?? 0);
    out[i] = value;
  }
  return out;
}

function readManifest(manifest: unknown, shards: Record<string, Uint8Array>): KerasWeight[] {
  if (!Array.isArray(manifest))
    throw modelFormat('model.json has no weightsManifest array', '$.weightsManifest');
  const weights: KerasWeight[] = [];
  manifest.forEach((group: Json, groupIndex) => {
    const path = `$.weightsManifest[${groupIndex}]`;
    if (!Array.isArray(group?.paths) || !Array.isArray(group?.weights)) {
      throw modelFormat('weightsManifest group needs paths and weights arrays', path);
    }
    const parts = (group.paths as unknown[]).map((shardPath) => {
      const bytes = typeof shardPath === 'string' ? shardFor(shards, shardPath) : undefined;
      if (!bytes)
        throw modelFormat(`weight shard '${String(shardPath)}' is missing`, String(shardPath));
      return bytes;
    });
    const entries = (group.weights as ManifestEntry[]).map((entry, index) => {
      const ok =
        typeof entry?.name === 'string' &&
        Array.isArray(entry.shape) &&
        entry.shape.every((dim) => Number.isInteger(dim) && dim >= 0) &&
        typeof entry.dtype === 'string';
      if (!ok)
        throw modelFormat(
          'weightsManifest entry needs name, shape and dtype',
          `${path}.weights[${index}]`,
        );
      return entry;
    });
    const declared = entries.reduce((sum, entry) => sum + entryBytes(entry, path), 0);
    const present = parts.reduce((sum, part) => sum + part.length, 0);
    // Check sizes before slicing, so a manifest that disagrees with its shards never reads garbage.
    if (declared !== present) {
      throw invalidWeights(
        `weightsManifest group ${groupIndex} declares ${declared} bytes (${entries.map((e) => e.name).join(', ')}) but its shards (${(group.paths as string[]).join(', ')}) hold ${present}`,
        (group.paths as string[]).join(','),
      );
    }
    const joined = new Uint8Array(present);
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    let offset = 0;
    for (const entry of entries) {
      const size = entryBytes(entry, path);
      weights.push({
        name: entry.name,
        shape: [...entry.shape],
        data: decode(entry, joined.subarray(offset, offset + size)),
      });
      offset += size;
    }
  });
  return weights;
}

/** Weights of one layer: names are `<layer>/…`; converters may prefix a model scope, so any segment may match. */
export function weightsByLayer(
  weights: KerasWeight[],
): (layerName: string) => KerasWeight[] | undefined {
  return (layerName) => {
    const first = weights.filter((weight) => weight.name.split('/')[0] === layerName);
    if (first.length > 0) return first;
    const any = weights.filter((weight) => weight.name.split('/').slice(0, -1).includes(layerName));
    return any.length > 0 ? any : undefined;
  };
}

export function readTfjsLayersModel(
  modelJson: string | Uint8Array | object,
  shards: Record<string, Uint8Array>,
): ImportedKerasModel {
  const text = modelJson instanceof Uint8Array ? new TextDecoder().decode(modelJson) : modelJson;
  const json = (typeof text === 'string' ? parseJson(text, 'model.json') : text) as Json;
  if (typeof json !== 'object' || json === null)
    throw modelFormat('model.json is not a JSON object', '$');
  if (json.format !== undefined && json.format !== 'layers-model') {
    throw unsupported(
      `TF.js model format '${String(json.format)}'`,
      'only layers models are Keras models; graph models are not',
      '$.format',
    );
  }
  const topology = json.modelTopology as Json | undefined;
  if (typeof topology !== 'object' || topology === null)
    throw modelFormat('model.json has no modelTopology', '$.modelTopology');
  // Converter output wraps the Keras config in model_config; TF.js's own save writes it directly.
  const modelConfig = (topology.model_config ?? topology) as Json;
  const version = topology.keras_version ?? modelConfig.keras_version;
  const weights = readManifest(json.weightsManifest, shards);
  return buildModel(
    modelConfig,
    typeof version === 'string' ? version : undefined,
    weightsByLayer(weights),
    'tfjs-layers',
  );
}
