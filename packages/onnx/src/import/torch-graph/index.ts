/**
 * Lifts a graph written by PyTorch's TorchScript `torch.onnx.export` (opsets 9-17) into the
 * rnnkit spec: nn.Embedding, nn.RNN/LSTM/GRU (multi-layer, bidirectional, batch_first or not,
 * optional h0/c0 inputs and h_n/c_n outputs), `out[:, -1]` / `h[-1]` selection, and nn.Linear
 * with a sigmoid/tanh/relu/softmax head. Anything else is refused with UNSUPPORTED_FEATURE naming
 * the node; nothing is approximated.
 */
import {
  expectedWeights,
  type Model,
  RnnkitError,
  validateModel,
  type Weights,
} from '@rnnkit/core';
import { tensorToFloat64 } from '../../proto/tensor-data.js';
import type { OnnxGraph } from '../../proto/types.js';
import { assembleSpec } from './assemble.js';
import { countRecurrentModules, type LiftContext } from './context.js';
import { bindGraphInputs } from './graph-inputs.js';
import { liftNodes } from './lift-nodes.js';

export interface LiftTorchGraphOptions {
  /** The model's default-domain opset; needed only to read attributes whose default changed (Softmax axis). */
  opset?: number;
}

export interface TorchGraphImport {
  model: Model;
  /**
   * The spec is batch-major. PyTorch's batch_first=False exports take [time, batch, ...] and
   * (with a sequence output) give [time, batch, features]: `input` / `output` say so, and callers
   * swap axes 0 and 1 on the way in and out. Names are the graph's own input and output names.
   */
  timeMajor: { input: boolean; output: boolean };
}

export function liftTorchGraph(
  graph: OnnxGraph,
  options: LiftTorchGraphOptions = {},
): TorchGraphImport {
  const ctx: LiftContext = {
    values: new Map(),
    weights: new Map(),
    recurrent: new Map(),
    opset: options.opset,
    usedLayerNames: new Set(),
    recurrentModules: countRecurrentModules(graph.node),
    inputSizes: {},
  };
  for (const tensor of graph.initializer) {
    ctx.values.set(tensor.name, {
      kind: 'const',
      dims: [...tensor.dims],
      values: tensorToFloat64(tensor),
      dataType: tensor.dataType,
      source: tensor.name,
    });
  }
  const { data, states } = bindGraphInputs(graph, ctx);
  liftNodes(graph.node, ctx);
  const { spec, outputTimeMajor } = assembleSpec(graph, ctx, data, states);

  // Only the weights of layers the main output depends on (dead branches are dropped).
  const weights: Weights = new Map();
  for (const { name, shape } of expectedWeights(spec)) {
    const tensor = ctx.weights.get(name);
    if (tensor === undefined || tensor.shape.join() !== shape.join()) {
      throw new RnnkitError(
        'INTERNAL',
        `torch-graph import produced no weight '${name}' of shape [${shape}]`,
        { path: name },
      );
    }
    weights.set(name, tensor);
  }
  const model: Model = { spec, weights };
  validateModel(model);
  return { model, timeMajor: { input: ctx.timeAxis === 'in0', output: outputTimeMajor } };
}
