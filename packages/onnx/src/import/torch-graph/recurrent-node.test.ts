import { describe, expect, it } from 'vitest';
import { float32OnnxTensor } from '../../proto/tensor-data.js';
import type { OnnxNode } from '../../proto/types.js';
import { liftTorchGraph } from './index.js';
import { defaultOpset, loadModel } from './test-support/fixture-cases.js';

describe('recurrent node weights', () => {
  // PyTorch never writes peepholes; an edited real export checks the P reordering by hand.
  it('maps an LSTM P input (i, o, f) to the canonical peephole (i, f, o)', () => {
    const model = loadModel('lstm_seq_opset13.onnx');
    const lstm = model.graph.node.find((n) => n.opType === 'LSTM') as OnnxNode;
    const units = 4;
    const p = Array.from({ length: 3 * units }, (_, i) => i + 1); // i: 1-4, o: 5-8, f: 9-12
    model.graph.initializer.push(float32OnnxTensor('peephole_p', [1, 3 * units], p));
    lstm.input[7] = 'peephole_p';
    const { model: lifted } = liftTorchGraph(model.graph, { opset: defaultOpset(model) });
    expect(lifted.spec.layers[0]).toMatchObject({ type: 'lstm', peepholes: true });
    const peephole = lifted.weights.get(`${lifted.spec.layers[0].name}/peephole`);
    expect(Array.from(peephole?.data ?? [])).toEqual([1, 2, 3, 4, 9, 10, 11, 12, 5, 6, 7, 8]);
  });
});
