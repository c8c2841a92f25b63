import { describe, expect, it } from 'vitest';
import { kernelFromTorch, kernelToTorch, swapGateBlocks } from './gate-order.js';

describe('gate order and layout (hand-worked)', () => {
  // hidden 1, input 2: PyTorch rows r = [1, 2], z = [3, 4], n = [5, 6].
  const gruWeight = Float32Array.from([1, 2, 3, 4, 5, 6]);

  it('GRU r,z,n rows become canonical z,r,h columns', () => {
    // kernel [2, 3]: column j is gate j's row; gates z, r, h.
    expect([...kernelFromTorch('gru', gruWeight, 2)]).toEqual([3, 1, 5, 4, 2, 6]);
    expect([...swapGateBlocks('gru', Float32Array.from([10, 20, 30]))]).toEqual([20, 10, 30]);
  });

  it('LSTM i,f,g,o is transposed only', () => {
    const weight = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]); // [4, 2]
    expect([...kernelFromTorch('lstm', weight, 2)]).toEqual([1, 3, 5, 7, 2, 4, 6, 8]);
  });

  it('converts back to the same PyTorch layout', () => {
    for (const kind of ['rnn', 'lstm', 'gru'] as const) {
      const gates = { rnn: 1, lstm: 4, gru: 3 }[kind];
      const weight = Float32Array.from({ length: gates * 2 * 3 }, (_, i) => i);
      expect(kernelToTorch(kind, kernelFromTorch(kind, weight, 3), 3)).toEqual(weight);
    }
  });
});
