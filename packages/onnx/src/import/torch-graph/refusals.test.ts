/**
 * Refusals: real exports edited into graphs the spec cannot express. Each must fail with
 * UNSUPPORTED_FEATURE naming the offending node (or tensor), never lift to something else.
 */
import { RnnkitError } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import {
  OnnxAttributeType,
  type OnnxGraph,
  type OnnxModel,
  type OnnxNode,
} from '../../proto/types.js';
import { liftTorchGraph } from './index.js';
import { defaultOpset, loadModel } from './test-support/fixture-cases.js';

function node(
  opType: string,
  name: string,
  input: string[],
  output: string[],
  attribute: OnnxNode['attribute'] = [],
): OnnxNode {
  return { name, opType, domain: '', input, output, attribute };
}

function liftError(model: OnnxModel, graph: OnnxGraph = model.graph): RnnkitError {
  try {
    liftTorchGraph(graph, { opset: defaultOpset(model) });
  } catch (e) {
    if (RnnkitError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

/** Renames the producer of `output` to write `<output>_inner`, and returns that name. */
function detachOutput(graph: OnnxGraph, output: string): string {
  const producer = graph.node.find((n) => n.output.includes(output));
  if (!producer) throw new Error(`no producer of ${output}`);
  const inner = `${output}_inner`;
  producer.output = producer.output.map((o) => (o === output ? inner : o));
  return inner;
}

describe('liftTorchGraph refuses what it does not understand', () => {
  it('a Loop node', () => {
    const model = loadModel('lstm_seq_opset13.onnx');
    const body: OnnxGraph = {
      name: 'body',
      node: [],
      initializer: [],
      input: [],
      output: [],
      valueInfo: [],
    };
    model.graph.node.unshift(
      node(
        'Loop',
        'my_loop',
        ['', ''],
        ['loop_out'],
        [{ name: 'body', type: OnnxAttributeType.GRAPH, g: body }],
      ),
    );
    const error = liftError(model);
    expect(error.code).toBe('UNSUPPORTED_FEATURE');
    expect(error.message).toContain("Loop node 'my_loop'");
    expect(error.path).toBe('my_loop');
  });

  it('an unknown op between the model and its output', () => {
    const model = loadModel('lstm_seq_dense_relu_opset14.onnx');
    const inner = detachOutput(model.graph, 'output');
    model.graph.node.push(node('Erf', 'odd_erf', [inner], ['output']));
    const error = liftError(model);
    expect(error.code).toBe('UNSUPPORTED_FEATURE');
    expect(error.message).toContain("Erf node 'odd_erf'");
  });

  it('an activation applied straight to the RNN output (no Linear before it)', () => {
    const model = loadModel('lstm_seq_opset13.onnx');
    const inner = detachOutput(model.graph, 'output');
    model.graph.node.push(node('Tanh', 'bare_tanh', [inner], ['output']));
    expect(liftError(model).message).toContain("Tanh node 'bare_tanh'");
  });

  it('a softmax over an axis other than the last', () => {
    const model = loadModel('rnn_tanh_emb_last_softmax_opset14.onnx');
    const softmax = model.graph.node.find((n) => n.opType === 'Softmax') as OnnxNode;
    softmax.attribute = [{ name: 'axis', type: OnnxAttributeType.INT, i: 0 }];
    expect(liftError(model).message).toMatch(/Softmax node '.*'.*last axis/);
  });

  it('an RNN node with cell clipping', () => {
    const model = loadModel('gru_seq_time_major_opset12.onnx');
    const gru = model.graph.node.find((n) => n.opType === 'GRU') as OnnxNode;
    gru.attribute.push({ name: 'clip', type: OnnxAttributeType.FLOAT, f: 3 });
    expect(liftError(model).message).toMatch(/GRU node '\/rnn\/GRU'.*clip/);
  });

  it('h0 rows that do not follow PyTorch layer order', () => {
    const model = loadModel('rnn_relu_2layer_h0_states_opset13.onnx');
    // Layer 0 reads row 1 and layer 1 reads row 0: swap the two Slices' starts/ends.
    const [first, second] = model.graph.node.filter(
      (n) => n.opType === 'Slice' && n.input[0] === 'h0',
    );
    const producer = (name: string) =>
      model.graph.node.find((n) => n.output[0] === name) as OnnxNode;
    for (const i of [1, 2]) {
      const [a, b] = [producer(first.input[i]), producer(second.input[i])];
      [a.attribute, b.attribute] = [b.attribute, a.attribute];
    }
    const error = liftError(model);
    expect(error.message).toContain("state input 'h0'");
    expect(error.path).toBe('h0');
  });

  it('a node from another operator domain', () => {
    const model = loadModel('lstm_seq_opset13.onnx');
    const inner = detachOutput(model.graph, 'output');
    model.graph.node.push({
      ...node('Gelu', 'custom', [inner], ['output']),
      domain: 'com.microsoft',
    });
    expect(liftError(model).message).toContain("domain 'com.microsoft'");
  });

  it('a graph output that is not the model output or a final state', () => {
    const model = loadModel('lstm_seq_opset13.onnx');
    const weight = model.graph.initializer[0].name;
    model.graph.output.push({ name: weight });
    const error = liftError(model);
    expect(error.message).toContain(`graph output '${weight}'`);
    expect(error.path).toBe(weight);
  });

  it('two outputs computed from the model input', () => {
    const model = loadModel('lstm_seq_opset13.onnx');
    model.graph.output.push({ name: 'features' });
    expect(liftError(model).message).toMatch(/2 outputs computed from the model input/);
  });

  it('a graph whose only output is a final state', () => {
    const model = loadModel('gru_no_bias_states_opset13.onnx');
    model.graph.output = model.graph.output.filter((o) => o.name !== 'output');
    expect(liftError(model).message).toMatch(/main output/);
  });

  it('an input read before it is produced', () => {
    const model = loadModel('lstm_seq_opset13.onnx');
    model.graph.node.reverse();
    expect(liftError(model).code).toBe('UNSUPPORTED_FEATURE');
  });
});
