import { describe, expect, it } from 'vitest';
import { ortSupport } from './ort-support.js';
import { featureSpec } from './test-support/models.js';

const webgpu = { provider: 'WebGPU', gatedActivations: new Set(['sigmoid', 'tanh', 'relu']) };

describe('ortSupport', () => {
  it('refuses recurrent activations ONNX has no operator activation for', () => {
    const report = ortSupport(
      featureSpec(2, [
        { type: 'gru', name: 'g', units: 2, resetAfter: true, activation: 'exponential' },
      ]),
    );
    expect(report).toMatchObject({ supported: false, feature: "gru activation 'exponential'" });
  });

  it('accepts every ONNX-expressible activation without provider limits', () => {
    const spec = featureSpec(2, [
      {
        type: 'lstm',
        name: 'l',
        units: 2,
        returnSequences: true,
        recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
      },
      {
        type: 'simpleRnn',
        name: 's',
        units: 2,
        activation: { name: 'scaledTanh', alpha: 1, beta: 1 },
      },
    ]);
    expect(ortSupport(spec).supported).toBe(true);
  });

  it("applies a provider's limits to LSTM and GRU only (RNN falls back to the CPU)", () => {
    const gated = featureSpec(2, [
      {
        type: 'lstm',
        name: 'l',
        units: 2,
        recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
      },
    ]);
    expect(ortSupport(gated, webgpu)).toMatchObject({
      supported: false,
      feature: "lstm activation 'hardSigmoid' on WebGPU",
    });
    const plain = featureSpec(2, [
      { type: 'simpleRnn', name: 's', units: 2, activation: 'softsign' },
    ]);
    expect(ortSupport(plain, webgpu).supported).toBe(true);
    const fine = featureSpec(2, [
      { type: 'gru', name: 'g', units: 2, resetAfter: false, activation: 'relu' },
    ]);
    expect(ortSupport(fine, webgpu).supported).toBe(true);
  });
});
