/**
 * Makes every state-shaped graph input and output batch-first for Triton.
 *
 * rnnkit exports recurrent state as ONNX's `[directions, batch, units]` (the RNN operators'
 * `initial_h` / `Y_h` layout). Triton batches requests by concatenating along dimension 0 and
 * describes every tensor of a model with `max_batch_size > 0` without that dimension (model_config.proto:
 * "The shape of the state tensor, not including the batch dimension"), so in the model it serves
 * the batch must lead. This pass renames each such value inside the graph and puts a Transpose
 * (perm [1, 0, 2]) between it and the graph boundary; the graph's names and everything else are
 * unchanged.
 */
import { makeAttribute, type OnnxModel, type OnnxValueInfo } from '../proto/index.js';

function isStateShaped(info: OnnxValueInfo): boolean {
  const shape = info.type?.shape;
  return shape !== undefined && shape.length === 3 && shape[1] === 'batch';
}

function batchFirst(info: OnnxValueInfo): OnnxValueInfo {
  const shape = info.type!.shape!;
  return { ...info, type: { ...info.type!, shape: [shape[1], shape[0], shape[2]] } };
}

/** Returns a new model; the given one is not changed. */
export function batchFirstState(model: OnnxModel): OnnxModel {
  const graph = model.graph;
  const taken = new Set<string>();
  for (const node of graph.node)
    for (const name of [...node.input, ...node.output]) taken.add(name);
  for (const info of [...graph.input, ...graph.output]) taken.add(info.name);
  for (const tensor of graph.initializer) taken.add(tensor.name);
  const inner = (name: string): string => {
    let candidate = `${name}/directions_first`;
    for (let i = 1; taken.has(candidate); i++) candidate = `${name}/directions_first_${i}`;
    taken.add(candidate);
    return candidate;
  };

  const renamed = new Map<string, string>();
  for (const info of [...graph.input, ...graph.output]) {
    if (isStateShaped(info) && !renamed.has(info.name)) renamed.set(info.name, inner(info.name));
  }
  const rename = (name: string) => renamed.get(name) ?? name;
  const perm = () => [makeAttribute.ints('perm', [1, 0, 2])];

  const node = graph.node.map((n) => ({
    ...n,
    input: n.input.map(rename),
    output: n.output.map(rename),
  }));
  const inputs = graph.input.filter(isStateShaped).map((info) => ({
    name: `Transpose_${info.name}/directions_first`,
    opType: 'Transpose',
    domain: '',
    input: [info.name],
    output: [rename(info.name)],
    attribute: perm(),
  }));
  const outputs = graph.output.filter(isStateShaped).map((info) => ({
    name: `Transpose_${info.name}/batch_first`,
    opType: 'Transpose',
    domain: '',
    input: [rename(info.name)],
    output: [info.name],
    attribute: perm(),
  }));
  return {
    ...model,
    graph: {
      ...graph,
      node: [...inputs, ...node, ...outputs],
      input: graph.input.map((info) => (isStateShaped(info) ? batchFirst(info) : info)),
      output: graph.output.map((info) => (isStateShaped(info) ? batchFirst(info) : info)),
    },
  };
}
