/**
 * PyTorch never writes a bidirectional node whose directions use different activations, but every
 * multi-node ONNX graph comes through this lifter, so such a node is imported (issue 13) as the
 * spec's `backward` activations. Real torch.onnx.export files with their node's `activations`
 * edited: the imported model on the reference executor must give what onnxruntime-node gives for
 * the edited file.
 */
import { createReferenceBackend, type Tensor, toNumbers } from '@rnnkit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeModel, makeAttribute } from '../../proto/index.js';
import { importOnnxDetailed } from '../import-onnx.js';
import { loadCases, loadModel } from './test-support/fixture-cases.js';

function toOrt(tensor: Tensor): ort.Tensor {
  const dims = [...tensor.shape];
  if (tensor.dtype === 'int64') return new ort.Tensor('int64', tensor.data as BigInt64Array, dims);
  return new ort.Tensor('float32', Float32Array.from(toNumbers(tensor)), dims);
}

const EDITS: [string, string, string[], object][] = [
  [
    'rnn_tanh_bi_seq_dense_opset16',
    'RNN',
    ['Tanh', 'Relu'],
    { type: 'simpleRnn', activation: 'tanh', backward: { activation: 'relu' } },
  ],
  [
    'lstm_bi_last_opset13',
    'LSTM',
    ['Sigmoid', 'Tanh', 'Tanh', 'Sigmoid', 'Relu', 'Relu'],
    { type: 'lstm', backward: { activation: 'relu', recurrentActivation: 'sigmoid' } },
  ],
];

describe('torch-graph lifter: bidirectional nodes with per-direction activations', () => {
  it.each(EDITS)('%s with %s activations edited', async (name, opType, activations, layer) => {
    const c = loadCases().find((k) => k.name === name);
    expect(c).toBeDefined();
    const onnx = loadModel(c!.file);
    const node = onnx.graph.node.find((n) => n.opType === opType);
    expect(node).toBeDefined();
    node!.attribute = [
      ...node!.attribute.filter((a) => a.name !== 'activations'),
      makeAttribute.strings('activations', activations),
    ];
    const bytes = encodeModel(onnx);
    const imported = importOnnxDetailed(bytes);
    expect(imported.source).toBe('torch-graph');
    expect(
      imported.model.spec.layers.find((l) => l.type === (layer as { type: string }).type),
    ).toMatchObject({
      direction: 'bidirectional',
      ...layer,
    });

    const reference = await createReferenceBackend().load(imported.model);
    const ours = imported.adaptOutputs(await reference.run(imported.adaptInputs(c!.inputs)));
    const session = await ort.InferenceSession.create(bytes);
    try {
      const feeds = Object.fromEntries(Object.entries(c!.inputs).map(([n, t]) => [n, toOrt(t)]));
      const theirs = await session.run(feeds);
      let compared = 0;
      for (const outputName of Object.keys(c!.outputs)) {
        const expected = theirs[outputName].data as Float32Array;
        const actual = toNumbers(ours[outputName]);
        const recorded = toNumbers(c!.outputs[outputName]);
        expect(actual.length).toBe(expected.length);
        let worst = 0;
        let changed = 0;
        for (let i = 0; i < expected.length; i++) {
          worst = Math.max(
            worst,
            Math.abs(actual[i] - expected[i]) - (1e-5 + 1e-4 * Math.abs(expected[i])),
          );
          changed = Math.max(changed, Math.abs(expected[i] - recorded[i]));
        }
        expect(worst, `${outputName}: largest excess over the tolerance`).toBeLessThanOrEqual(0);
        // The edit changes the numbers, so the comparison is not of the unedited model.
        expect(changed, `${outputName} differs from the unedited model`).toBeGreaterThan(1e-3);
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    } finally {
      await session.release();
    }
  });
});
