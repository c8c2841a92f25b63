/** Values known at import time: initializers, Constant node outputs and inputs bound by the caller. */
import { RnnkitError } from '@rnnkit/core';
import {
  attributeFloat,
  attributeFloats,
  attributeInt,
  attributeInts,
  attributeTensor,
  float32OnnxTensor,
  int64OnnxTensor,
  type OnnxGraph,
  type OnnxNode,
  type OnnxTensor,
} from '../proto/index.js';

export function constantNodeValue(node: OnnxNode): OnnxTensor {
  const name = node.output[0] ?? '';
  const tensor = attributeTensor(node, 'value');
  if (tensor) return { ...tensor, name };
  const f = attributeFloat(node, 'value_float');
  if (f !== undefined) return float32OnnxTensor(name, [], [f]);
  const fs = attributeFloats(node, 'value_floats');
  if (fs !== undefined) return float32OnnxTensor(name, [fs.length], fs);
  const i = attributeInt(node, 'value_int');
  if (i !== undefined) return int64OnnxTensor(name, [], [i]);
  const is = attributeInts(node, 'value_ints');
  if (is !== undefined) return int64OnnxTensor(name, [is.length], is);
  throw new RnnkitError(
    'UNSUPPORTED_FEATURE',
    `Constant node '${node.name}' has no value rnnkit reads (value, value_float(s), value_int(s))`,
    { feature: 'Constant without a tensor value', backend: 'onnx-import', path: node.name },
  );
}

/** Name -> tensor for every initializer and Constant node output. */
export function collectConstants(graph: OnnxGraph): Map<string, OnnxTensor> {
  const constants = new Map<string, OnnxTensor>();
  for (const tensor of graph.initializer) constants.set(tensor.name, tensor);
  for (const node of graph.node) {
    if (node.opType === 'Constant' && (node.domain === '' || node.domain === 'ai.onnx')) {
      constants.set(node.output[0], constantNodeValue(node));
    }
  }
  return constants;
}
