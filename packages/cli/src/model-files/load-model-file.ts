/**
 * Reads any model rnnkit understands: rnnkit spec JSON (+ .safetensors beside it), ONNX,
 * Keras .h5 / .keras and TF.js layers model.json (+ shards), PyTorch state dicts. Importers are
 * loaded lazily so that a command on an ONNX file never loads h5wasm and the reverse.
 */
import { detectFormat, safetensorsMetadata } from './detect-format.js';
import { baseName } from './file-names.js';
import type { ModelFile } from './model-file.js';
import type { ModelSource } from './model-source.js';
import { readKerasFile } from './read-keras.js';
import { readOnnxFile } from './read-onnx.js';
import { readSpecFile } from './read-spec.js';
import { readTorchFile } from './read-torch.js';

/** Loads a model; MODEL_FORMAT (or the importer's own error) when it is not one. */
export async function loadModelFile(source: ModelSource): Promise<ModelFile> {
  const { name, bytes } = source;
  // The weights half of an rnnkit model stands for the whole model when its spec sits beside
  // it; a PyTorch state dict (safetensors' torch helpers write format 'pt') is read as one.
  if (name.toLowerCase().endsWith('.safetensors')) {
    const specName = `${baseName(name).slice(0, -'.safetensors'.length)}.json`;
    if (safetensorsMetadata(bytes).format !== 'pt' && (await source.hasCompanion(specName))) {
      const specBytes = await source.companion(specName, 'MODEL_FORMAT', 'the spec beside ');
      const specPath = `${name.slice(0, -'.safetensors'.length)}.json`;
      return loadModelFile({ ...source, name: specPath, bytes: specBytes });
    }
  }
  const format = detectFormat(name, bytes);
  switch (format) {
    case 'rnnkit':
      return readSpecFile(source);
    case 'onnx':
      return readOnnxFile(source);
    case 'torch':
      return readTorchFile(source);
    default:
      return readKerasFile(source, format);
  }
}
