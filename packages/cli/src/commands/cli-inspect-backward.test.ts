/** `rnnkit inspect` lists a bidirectional layer's own backward activations (spec `backward`). */
import { join } from 'node:path';
import { initializeWeights, type ModelSpec } from '@rnnkit/core';
import { saveModelToFiles } from '@rnnkit/core/node';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../test-support/cli.js';

const spec: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'x', type: 'features', size: 3 },
  layers: [
    {
      type: 'lstm',
      name: 'bilstm',
      units: 2,
      direction: 'bidirectional',
      returnSequences: true,
      backward: {
        activation: 'relu',
        recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
      },
    },
    { type: 'gru', name: 'bigru', units: 2, resetAfter: true, direction: 'bidirectional' },
  ],
  output: { name: 'y' },
};

describe('rnnkit inspect and backward activations', () => {
  it('shows them on the layer that has them only', async () => {
    const path = join(tempDir(), 'model.json');
    await saveModelToFiles({ spec, weights: initializeWeights(spec, { seed: 3 }) }, path);
    const result = await cli('inspect', path);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /bilstm\s+lstm\s+.*activation tanh, gates sigmoid, backward activation relu gates hardSigmoid/,
    );
    expect(result.stdout).not.toMatch(/bigru.*backward activation/);
  });
});
