/**
 * Reads any model file rnnkit understands: rnnkit spec JSON (+ .safetensors beside it), ONNX,
 * Keras .h5 / .keras and TF.js layers model.json (+ shards). Importers are loaded lazily so that
 * a command on an ONNX file never loads h5wasm and the reverse.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { detectFormat, safetensorsMetadata } from './detect-format.js';
import type { ModelFile } from './model-file.js';
import { readBytes } from './read-bytes.js';
import { readKerasFile } from './read-keras.js';
import { readOnnxFile } from './read-onnx.js';
import { readSpecFile } from './read-spec.js';
import { readTorchFile } from './read-torch.js';

/** Loads a model file; MODEL_FORMAT (or the importer's own error) when it is not one. */
export async function loadModelFile(path: string): Promise<ModelFile> {
  const bytes = await readBytes(path);
  // The weights half of an rnnkit model stands for the whole model when its spec sits beside
  // it; a PyTorch state dict (safetensors' torch helpers write format 'pt') is read as one.
  if (path.toLowerCase().endsWith('.safetensors')) {
    const specPath = join(dirname(path), `${basename(path).slice(0, -'.safetensors'.length)}.json`);
    if (safetensorsMetadata(bytes).format !== 'pt' && existsSync(specPath))
      return loadModelFile(specPath);
  }
  const format = detectFormat(path, bytes);
  switch (format) {
    case 'rnnkit':
      return readSpecFile(path, bytes);
    case 'onnx':
      return readOnnxFile(path, bytes);
    case 'torch':
      return readTorchFile(path, bytes);
    default:
      return readKerasFile(path, bytes, format);
  }
}
