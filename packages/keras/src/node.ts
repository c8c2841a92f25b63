/** Node helpers: the same readers, given paths. Kept out of the main entry so browsers never see node:fs. */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ImportedKerasModel } from './build-model.js';
import { modelFormat } from './errors.js';
import { importKeras } from './import-keras.js';

/**
 * Imports a Keras model from disk. A model.json brings its shards (read from the manifest's
 * paths beside it); an .h5 may bring its config via `configPath`.
 */
export async function importKerasFromPath(
  path: string,
  options: { configPath?: string } = {},
): Promise<ImportedKerasModel> {
  const read = async (file: string) => {
    try {
      return new Uint8Array(await readFile(file));
    } catch (cause) {
      throw modelFormat(`cannot read ${file}: ${(cause as Error).message}`, file, cause);
    }
  };
  const files: Record<string, Uint8Array> = { [basename(path)]: await read(path) };
  if (options.configPath) files[basename(options.configPath)] = await read(options.configPath);
  if (path.toLowerCase().endsWith('.json')) {
    let manifest: unknown;
    try {
      manifest = JSON.parse(new TextDecoder().decode(files[basename(path)])).weightsManifest;
    } catch {
      manifest = undefined;
    }
    if (Array.isArray(manifest)) {
      for (const group of manifest as { paths?: unknown }[]) {
        for (const shard of Array.isArray(group.paths) ? group.paths : []) {
          if (typeof shard !== 'string') continue;
          // A missing shard is reported by the reader, which names it.
          try {
            files[shard] = new Uint8Array(await readFile(join(dirname(path), shard)));
          } catch {}
        }
      }
    }
  }
  return importKeras(files);
}
