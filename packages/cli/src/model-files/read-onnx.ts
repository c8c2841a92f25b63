/**
 * ONNX files through @rnnkit/onnx's importer. Inputs and outputs keep the graph's own names and
 * layouts (a time-major PyTorch export takes [time, batch, features]); the importer's adapters
 * translate to and from the spec.
 */
import { dataTypeName, decodeModel, importOnnxDetailed, type OnnxValueInfo } from '@rnnkit/onnx';
import type { ModelFile } from './model-file.js';
import type { ModelSource } from './model-source.js';
import type { SignatureEntry } from './signature.js';

function entry(info: OnnxValueInfo): SignatureEntry {
  const type = info.type;
  return {
    name: info.name,
    dtype: type
      ? dataTypeName(type.elemType)
          .toLowerCase()
          .replace(/^float$/, 'float32')
          .replace(/^double$/, 'float64')
      : 'unknown',
    shape: (type?.shape ?? []).map((dim) => (dim === null ? -1 : dim)),
  };
}

export async function readOnnxFile(source: ModelSource): Promise<ModelFile> {
  const { name: path, bytes } = source;
  const imported = importOnnxDetailed(bytes);
  const { graph, opsetImport } = decodeModel(bytes);
  const initializers = new Set(graph.initializer.map((tensor) => tensor.name));
  const opset = opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version;
  return {
    path,
    format: 'onnx',
    detail: `${imported.source === 'rnnkit' ? 'rnnkit export' : imported.source}${opset === undefined ? '' : `, opset ${opset}`}`,
    model: imported.model,
    signature: {
      inputs: graph.input.filter((input) => !initializers.has(input.name)).map(entry),
      outputs: graph.output.map(entry),
    },
    toModelInputs: (tensors) => imported.adaptInputs(tensors),
    fromRunResult: (result) => imported.adaptOutputs(result),
  };
}
