/**
 * pack_padded_sequence imports beyond the recorded cases (those are in torch-graph.test.ts): the
 * traced-batch zero state runs at any batch, and real packed exports edited so the sort and its
 * inverse no longer cancel are refused, naming the node or output.
 */
import {
  createReferenceBackend,
  RnnkitError,
  type Tensor,
  tensorsFromJson,
  toNumbers,
} from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import type { OnnxGraph, OnnxModel, OnnxNode } from '../../proto/types.js';
import { liftTorchGraph } from './index.js';
import { defaultOpset, loadCases, loadModel } from './test-support/fixture-cases.js';

function liftError(model: OnnxModel): RnnkitError {
  try {
    liftTorchGraph(model.graph, { opset: defaultOpset(model) });
  } catch (e) {
    if (RnnkitError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const producer = (graph: OnnxGraph, output: string) =>
  graph.node.find((n) => n.output.includes(output)) as OnnxNode;

/** Rows [from, to) of axis 0 of a batch-major tensor. */
function rows(tensor: Tensor, from: number, to: number): number[] {
  const inner = tensor.shape.slice(1).reduce((n, d) => n * d, 1);
  return Array.from(toNumbers(tensor)).slice(from * inner, to * inner);
}

describe('pack_padded_sequence imports', () => {
  it('runs at a batch other than the traced one (the zero state is not the traced batch)', async () => {
    // Traced and recorded at batch 3; the file's zero state is a Constant [2, 3, 3].
    const c = loadCases().find((entry) => entry.name === 'lstm_bi_2layer_packed_states_opset17');
    if (!c) throw new Error('fixture missing');
    const onnx = loadModel(c.file);
    const { model } = liftTorchGraph(onnx.graph, { opset: defaultOpset(onnx) });
    expect(model.spec.sequenceLengths).toEqual({ name: 'lengths' });
    const session = await createReferenceBackend().load(model);
    const features = c.inputs.features;
    const lengths = c.inputs.lengths;
    const [, time, size] = features.shape;
    // The last two examples alone (batch 2) give PyTorch's rows 1-2 of the batch-3 run.
    const pair = tensorsFromJson({
      features: { dtype: 'float32', shape: [2, time, size], data: rows(features, 1, 3) },
      lengths: { dtype: 'int64', shape: [2], data: Array.from(toNumbers(lengths)).slice(1, 3) },
    });
    const result = await session.run(pair);
    await session.dispose();
    const expected = rows(c.outputs.output, 1, 3);
    const actual = toNumbers(result.outputs.output);
    expect(actual.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++)
      expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(
        1e-5 + 1e-4 * Math.abs(expected[i]),
      );
  });
});

describe('pack_padded_sequence patterns that do not cancel are refused', () => {
  const file = 'gru_packed_out_hn_opset17.onnx';

  it('an output still in the sorted batch order (no inverse permutation)', () => {
    const model = loadModel(file);
    const unsort = producer(model.graph, 'output');
    // Feed the graph output straight from what the inverse Gather reads.
    const sortedY = unsort.input[0];
    model.graph.node = model.graph.node.filter((n) => n !== unsort);
    producer(model.graph, sortedY).output = producer(model.graph, sortedY).output.map((o) =>
      o === sortedY ? 'output' : o,
    );
    const error = liftError(model);
    expect(error.code).toBe('UNSUPPORTED_FEATURE');
    expect(error.message).toMatch(/graph output 'output'.*sorted order/);
  });

  it('sequence_lens in the caller order while X is sorted', () => {
    const model = loadModel(file);
    const gru = model.graph.node.find((n) => n.opType === 'GRU') as OnnxNode;
    const castLengths = model.graph.node.find((n) => n.input[0] === 'lengths') as OnnxNode;
    gru.input[4] = castLengths.output[0];
    expect(liftError(model).message).toMatch(
      /GRU node '\/rnn\/GRU'.*X is sorted but sequence_lens are not/,
    );
  });

  it('a sequence_lens that is not the lengths graph input', () => {
    const model = loadModel('gru_seq_time_major_opset13.onnx');
    const gru = model.graph.node.find((n) => n.opType === 'GRU') as OnnxNode;
    model.graph.node.unshift({
      name: 'fixed_lengths',
      opType: 'Constant',
      domain: '',
      input: [],
      output: ['fixed'],
      attribute: [
        {
          name: 'value',
          type: 4,
          t: { name: '', dims: [3], dataType: 6, int32Data: [1, 2, 3] },
        },
      ],
    } as unknown as OnnxNode);
    gru.input[4] = 'fixed';
    expect(liftError(model).message).toMatch(/sequence_lens must be the lengths graph input/);
  });

  it('a sort that is not descending', () => {
    const model = loadModel(file);
    const topK = model.graph.node.find((n) => n.opType === 'TopK') as OnnxNode;
    topK.attribute = topK.attribute.map((a) => (a.name === 'largest' ? { ...a, i: 0 } : a));
    expect(liftError(model).message).toMatch(/TopK node '\/TopK'.*descending sort/);
  });

  it('the inverse permutation on the wrong axis of h_n', () => {
    const model = loadModel(file);
    const unsortH = producer(model.graph, 'h_n');
    unsortH.attribute = unsortH.attribute.map((a) => (a.name === 'axis' ? { ...a, i: 0 } : a));
    expect(liftError(model).message).toMatch(/inverse permutation of final states/);
  });
});
