/**
 * Reads the compile settings a Keras file recorded: the `training_config` attribute of a Keras
 * 1/2 (or Keras 3 legacy) `.h5`, or `compile_config` in a Keras 3 `.keras` file's config.json.
 * Returns undefined when the model was saved without them (never compiled, or
 * `include_optimizer=False`).
 */
import { unzipSync } from 'fflate';
import { modelFormat } from '../errors.js';
import { hdf5SignatureOffset, stringAttribute, withHdf5 } from '../h5/hdf5-file.js';
import { parseJson } from '../h5/read-keras-h5.js';
import { type KerasCompileSettings, kerasCompileSettings } from './compile-settings.js';

type Json = Record<string, unknown>;

function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    bytes[2] === 0x03 &&
    bytes[3] === 0x04
  );
}

export async function readKerasCompileSettings(
  bytes: Uint8Array,
  options: { fileName?: string } = {},
): Promise<KerasCompileSettings | undefined> {
  const label = options.fileName ?? 'Keras file';
  if (isZip(bytes)) {
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes, {
        filter: (file) => file.name === 'config.json' || file.name === 'metadata.json',
      });
    } catch (cause) {
      throw modelFormat(`${label} is not a readable zip archive`, label, cause);
    }
    if (!files['config.json']) throw modelFormat(`${label} has no config.json`, 'config.json');
    const config = parseJson(
      new TextDecoder().decode(files['config.json']),
      `${label} config.json`,
    ) as Json;
    const metadata = files['metadata.json']
      ? (parseJson(
          new TextDecoder().decode(files['metadata.json']),
          `${label} metadata.json`,
        ) as Json)
      : {};
    const compile = config.compile_config;
    if (compile === undefined || compile === null) return undefined;
    return kerasCompileSettings(compile, {
      kind: 'compile_config',
      kerasVersion: typeof metadata.keras_version === 'string' ? metadata.keras_version : undefined,
    });
  }
  if (hdf5SignatureOffset(bytes) === undefined) {
    throw modelFormat(`${label} is neither a .keras archive nor an HDF5 .h5 file`, label);
  }
  const found = await withHdf5(bytes, label, (file) => ({
    text: stringAttribute(file, 'training_config'),
    kerasVersion: stringAttribute(file, 'keras_version'),
  }));
  if (found.text === undefined) return undefined;
  return kerasCompileSettings(parseJson(found.text, `${label} training_config`), {
    kind: 'training_config',
    kerasVersion: found.kerasVersion,
  });
}
