/**
 * ONNX bytes -> rnnkit model (weights in canonical layout). Recognised, in order:
 *  1. graphs written by rnnkit's exporter (spec in metadata, verified by re-export);
 *  2. a single RNN/LSTM/GRU node with constant weights (the ONNX backend tests' shape);
 *  3. anything else goes to the PyTorch-exporter graph lifter (`./torch-graph`), which refuses
 *     what it does not understand.
 * Every graph first passes the structural checks (no missing value, no cycle).
 */
import type { Model, Tensor } from '@rnnkit/core';
import { nameRecord } from '@rnnkit/core';
import { decodeModel, type OnnxGraph } from '../proto/index.js';
import { bindGraphInputs } from './bind-inputs.js';
import { collectConstants } from './constants.js';
import { checkGraph } from './graph-check.js';
import type { ImportOnnxOptions, OnnxImport } from './result.js';
import { importRnnkitGraph, rnnkitMetadata } from './rnnkit-graph.js';
import { importSingleOperator, isRecurrentOperator } from './single-operator.js';
import { permute } from './tensor-layout.js';
import { liftTorchGraph } from './torch-graph/index.js';

function defaultOpset(model: {
  opsetImport: { domain: string; version: number }[];
}): number | undefined {
  return model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version;
}

function swapLeadingAxes(tensor: Tensor): Tensor {
  const perm = tensor.shape.map((_, i) => i);
  perm[0] = 1;
  perm[1] = 0;
  return permute(tensor, perm);
}

function importTorchGraph(graph: OnnxGraph, opset: number | undefined): OnnxImport {
  const lifted = liftTorchGraph(graph, { opset });
  const { spec } = lifted.model;
  const graphOutputs = new Set(graph.output.map((o) => o.name));
  return {
    model: lifted.model,
    source: 'torch-graph',
    adaptInputs(inputs) {
      const out = { ...inputs };
      const data = out[spec.input.name];
      if (data && lifted.timeMajor.input) out[spec.input.name] = swapLeadingAxes(data);
      return out;
    },
    adaptOutputs(result) {
      const out: Record<string, Tensor> = nameRecord();
      for (const [name, tensor] of Object.entries(result.outputs)) {
        if (!graphOutputs.has(name)) continue;
        out[name] =
          name === spec.output.name && lifted.timeMajor.output ? swapLeadingAxes(tensor) : tensor;
      }
      return out;
    },
  };
}

/** Imports an ONNX model, with adapters between the ONNX graph's layouts and the spec's. */
export function importOnnxDetailed(
  bytes: Uint8Array | ArrayBuffer,
  options: ImportOnnxOptions = {},
): OnnxImport {
  const decoded = decodeModel(bytes);
  const graph = bindGraphInputs(decoded.graph, options.bindInputs);
  checkGraph(graph);
  const metadata = rnnkitMetadata(decoded);
  if (metadata) return importRnnkitGraph({ ...decoded, graph }, metadata);
  const working = graph.node.filter(
    (n) => !(n.opType === 'Constant' && (n.domain === '' || n.domain === 'ai.onnx')),
  );
  if (working.length === 1 && isRecurrentOperator(working[0])) {
    return importSingleOperator(graph, working[0], collectConstants(graph));
  }
  return importTorchGraph(graph, defaultOpset(decoded));
}

/** ONNX bytes -> rnnkit model (spec + canonical weights). See `importOnnxDetailed` for layouts. */
export function importOnnx(
  bytes: Uint8Array | ArrayBuffer,
  options: ImportOnnxOptions = {},
): Model {
  return importOnnxDetailed(bytes, options).model;
}
