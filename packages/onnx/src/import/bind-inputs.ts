/** importOnnx's `bindInputs`: graph inputs turned into initializers before the graph is read. */
import { type NamedTensors, RnnkitError, sizeOf, type Tensor } from '@rnnkit/core';
import {
  float32OnnxTensor,
  int32OnnxTensor,
  int64OnnxTensor,
  type OnnxGraph,
  type OnnxTensor,
} from '../proto/index.js';

function toOnnxTensor(name: string, tensor: Tensor): OnnxTensor {
  if (tensor.data.length !== sizeOf(tensor.shape)) {
    throw new RnnkitError(
      'INVALID_INPUT',
      `bound input '${name}' has shape [${tensor.shape}] but ${tensor.data.length} values`,
      { path: name },
    );
  }
  switch (tensor.dtype) {
    case 'float32':
    case 'float64':
      return float32OnnxTensor(name, tensor.shape, tensor.data as ArrayLike<number>);
    case 'int32':
      return int32OnnxTensor(name, tensor.shape, tensor.data as Int32Array);
    case 'int64':
      return int64OnnxTensor(name, tensor.shape, Array.from(tensor.data as BigInt64Array, Number));
  }
}

export function bindGraphInputs(graph: OnnxGraph, bound: NamedTensors | undefined): OnnxGraph {
  if (!bound || Object.keys(bound).length === 0) return graph;
  const inputNames = new Set(graph.input.map((i) => i.name));
  for (const name of Object.keys(bound)) {
    if (!inputNames.has(name)) {
      throw new RnnkitError(
        'INVALID_INPUT',
        `bindInputs names '${name}', which is not a graph input (inputs: ${[...inputNames].join(', ')})`,
        { path: name },
      );
    }
  }
  return {
    ...graph,
    input: graph.input.filter((i) => !Object.hasOwn(bound, i.name)),
    initializer: [
      ...graph.initializer.filter((t) => !Object.hasOwn(bound, t.name)),
      ...Object.entries(bound).map(([name, tensor]) => toOnnxTensor(name, tensor)),
    ],
  };
}
