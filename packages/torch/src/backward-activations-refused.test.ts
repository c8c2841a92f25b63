/**
 * A bidirectional nn.RNN / nn.LSTM / nn.GRU uses one nonlinearity in both directions, so a spec
 * whose backward direction has its own activations is refused by name when writing a state dict.
 */
import { initializeWeights, type LayerSpec, type ModelSpec, RnnkitError } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { writeTorchStateDict } from './write-state-dict.js';

function spec(layer: LayerSpec): ModelSpec {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size: 3 },
    layers: [layer],
    output: { name: 'y' },
  };
}

function refusal(model: ModelSpec): unknown {
  try {
    writeTorchStateDict({ spec: model, weights: initializeWeights(model, { seed: 1 }) });
  } catch (caught) {
    return caught;
  }
  return undefined;
}

describe('writeTorchStateDict and backward activations', () => {
  it.each<[string, LayerSpec]>([
    [
      'simpleRnn relu backward',
      {
        type: 'simpleRnn',
        name: 'rnn',
        units: 2,
        direction: 'bidirectional',
        backward: { activation: 'relu' },
      },
    ],
    [
      'gru hardSigmoid backward gates',
      {
        type: 'gru',
        name: 'gru',
        units: 2,
        resetAfter: true,
        direction: 'bidirectional',
        backward: { recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 } },
      },
    ],
  ])('refuses %s by name', (_, layer) => {
    const error = refusal(spec(layer));
    expect(RnnkitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'UNSUPPORTED_FEATURE',
      feature: 'backward activations',
      path: '$.layers[0].backward',
    });
  });

  it('writes a backward field that repeats the forward activations', () => {
    const model = spec({
      type: 'lstm',
      name: 'lstm',
      units: 2,
      direction: 'bidirectional',
      backward: { activation: 'tanh' },
    });
    expect(refusal(model)).toBeUndefined();
  });
});
