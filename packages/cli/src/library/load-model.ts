/**
 * `loadModel`: any model file rnnkit reads, from a path (Node) or from bytes (anywhere), with
 * its format detected from the name and the first bytes. The result runs on every backend
 * (`loaded.model`) and keeps the source file's own tensor names and layouts (`signature`,
 * `toModelInputs`, `fromRunResult`).
 */
import { RnnkitError } from '@rnnkit/core';
import { loadModelFile } from '../model-files/load-model-file.js';
import type { ModelFile } from '../model-files/model-file.js';
import { memorySource } from '../model-files/model-source.js';
import { fileSource } from '../model-files/read-bytes.js';

/** A model read by `loadModel`: the rnnkit model plus adapters to the source's own names. */
export type LoadedModel = ModelFile;

export interface LoadModelOptions {
  /**
   * The file name of bytes (`'model.h5'`, `'model.json'`): its extension helps detection and
   * companions are named relative to it. Default `'model'` (detection by content alone).
   */
  name?: string;
  /**
   * Companion files of bytes, by the name the model refers to them: TF.js weight shards
   * (`'group1-shard1of1.bin'`), the `.safetensors` beside an rnnkit spec. Paths read them from disk.
   */
  files?: Readonly<Record<string, Uint8Array>>;
}

/**
 * Reads a model: an rnnkit spec `.json` (+ `.safetensors` beside it), `.onnx`, Keras `.h5` /
 * `.keras`, a TF.js layers `model.json` (+ shards), or a PyTorch state dict `.safetensors`.
 * A string is a path (Node only; browsers get an error saying to pass bytes).
 * Throws RnnkitError: `MODEL_FORMAT` for what is not a model, or the importer's own code.
 */
export async function loadModel(
  source: string | Uint8Array | ArrayBuffer,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  if (typeof source === 'string') {
    if (options.files !== undefined)
      throw new RnnkitError(
        'INVALID_INPUT',
        `loadModel('${source}'): companion files are read from disk beside a path; 'files' applies to bytes`,
        { path: 'files' },
      );
    return loadModelFile(await fileSource(source));
  }
  const bytes =
    source instanceof Uint8Array
      ? source
      : source instanceof ArrayBuffer
        ? new Uint8Array(source)
        : undefined;
  if (bytes === undefined)
    throw new RnnkitError(
      'INVALID_INPUT',
      `loadModel takes a path or the file's bytes (Uint8Array or ArrayBuffer), found ${describe(source)}`,
      { path: 'source' },
    );
  return loadModelFile(memorySource(options.name ?? 'model', bytes, options.files));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'an object';
}
