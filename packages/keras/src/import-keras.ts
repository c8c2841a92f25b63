/**
 * One entry point for a set of files: picks the reader from the files' contents and names.
 *   model.json (+ shards)            TF.js layers
 *   *.keras (zip)                    Keras 3
 *   *.h5 / *.hdf5 (+ optional *.json config)   Keras 1/2/3 legacy h5, full or weights-only
 */
import type { ImportedKerasModel } from './build-model.js';
import { modelFormat } from './errors.js';
import { hdf5SignatureOffset } from './h5/hdf5-file.js';
import { readKerasH5 } from './h5/read-keras-h5.js';
import { readKerasFile } from './keras-v3/read-keras-file.js';
import { readTfjsLayersModel } from './tfjs/read-tfjs-layers.js';

export type KerasFiles = Record<string, Uint8Array>;

function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    bytes[2] === 0x03 &&
    bytes[3] === 0x04
  );
}

function jsonOf(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

export async function importKeras(files: KerasFiles): Promise<ImportedKerasModel> {
  const names = Object.keys(files);
  if (names.length === 0) throw modelFormat('no files given', '');
  const lower = (name: string) => name.toLowerCase();

  const jsonFiles = names
    .filter((name) => lower(name).endsWith('.json'))
    .map((name) => ({ name, json: jsonOf(files[name]) }));
  const tfjs = jsonFiles.find((file) => file.json && 'modelTopology' in file.json);
  if (tfjs) {
    const shards = Object.fromEntries(
      names.filter((name) => name !== tfjs.name).map((name) => [name, files[name]]),
    );
    return readTfjsLayersModel(tfjs.json as object, shards);
  }

  const keras = names.filter(
    (name) =>
      lower(name).endsWith('.keras') || (!lower(name).endsWith('.json') && isZip(files[name])),
  );
  if (keras.length === 1) return readKerasFile(files[keras[0]], { fileName: keras[0] });

  const h5 = names.filter(
    (name) =>
      /\.(h5|hdf5|keras\.h5)$/.test(lower(name)) || hdf5SignatureOffset(files[name]) !== undefined,
  );
  if (keras.length === 0 && h5.length === 1) {
    const config = jsonFiles.find((file) => file.json && 'class_name' in file.json);
    return readKerasH5(files[h5[0]], { fileName: h5[0], config: config?.json });
  }
  throw modelFormat(
    `cannot tell which Keras model these files hold (${names.join(', ')}): give one model.json with its shards, one .keras file, or one .h5 file (with its config .json if weights-only)`,
    names.join(','),
  );
}
