/**
 * Keras files through @rnnkit/keras: .h5 (Keras 1/2/3 legacy), .keras (Keras 3) and TF.js
 * layers model.json with its weight shards read from the manifest's paths beside it.
 * The importer names the spec's input and output after the Keras input and output layers,
 * so tensors pass through unchanged.
 */
import type { ModelFileFormat } from './detect-format.js';
import { parseJsonBytes } from './detect-format.js';
import { baseName } from './file-names.js';
import type { ModelFile } from './model-file.js';
import type { ModelSource } from './model-source.js';
import { specSignature } from './signature.js';

async function shardsOf(source: ModelSource, json: unknown): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  const manifest = (json as { weightsManifest?: unknown }).weightsManifest;
  if (!Array.isArray(manifest)) return files;
  for (const group of manifest as { paths?: unknown }[]) {
    for (const shard of Array.isArray(group?.paths) ? group.paths : []) {
      if (typeof shard !== 'string' || shard in files) continue;
      files[shard] = await source.companion(shard, 'INVALID_WEIGHTS', 'the weight shard ');
    }
  }
  return files;
}

export async function readKerasFile(
  source: ModelSource,
  format: ModelFileFormat,
): Promise<ModelFile> {
  const { name: path, bytes } = source;
  const { importKeras } = await import('@rnnkit/keras');
  const name = baseName(path);
  // The name tells importKeras which reader to use; give TF.js JSON a .json name and h5 a .h5 one.
  const key =
    format === 'tfjs-layers'
      ? name.toLowerCase().endsWith('.json')
        ? name
        : `${name}.json`
      : format === 'keras-h5'
        ? /\.(h5|hdf5)$/i.test(name)
          ? name
          : `${name}.h5`
        : name.toLowerCase().endsWith('.keras')
          ? name
          : `${name}.keras`;
  const files: Record<string, Uint8Array> = { [key]: bytes };
  if (format === 'tfjs-layers') Object.assign(files, await shardsOf(source, parseJsonBytes(bytes)));
  const imported = await importKeras(files);
  const version = imported.source.kerasVersion;
  return {
    path,
    format,
    detail: `${imported.source.flavor}${version ? `, Keras ${version}` : ''}`,
    model: { spec: imported.spec, weights: imported.weights },
    signature: specSignature(imported.spec),
    toModelInputs: (tensors) => tensors,
    fromRunResult: (result) => result.outputs,
  };
}
