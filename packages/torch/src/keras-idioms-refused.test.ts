/**
 * Keras idioms PyTorch modules cannot compute are refused by name when writing a state dict
 * (a model written anyway would run differently in PyTorch).
 */
import { initializeWeights, type ModelSpec, RnnkitError } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { writeTorchStateDict } from './write-state-dict.js';

const masked: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'x', type: 'features', size: 3, maskValue: 0 },
  layers: [{ type: 'lstm', name: 'lstm', units: 4 }],
  output: { name: 'y' },
};

describe('writeTorchStateDict refuses Keras idioms PyTorch has no module for', () => {
  it('input maskValue (Keras Masking)', () => {
    let error: unknown;
    try {
      writeTorchStateDict({ spec: masked, weights: initializeWeights(masked, { seed: 1 }) });
    } catch (caught) {
      error = caught;
    }
    expect(RnnkitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'UNSUPPORTED_FEATURE',
      feature: 'input maskValue',
      path: '$.input.maskValue',
    });
  });
});
