/** Every layer, field and activation of the spec trains: the glue layers and the issue 13 idioms are no longer refused. */
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../spec/types.js';
import { createReferenceTrainingEngine } from './reference/reference-trainer.js';
import { featureSpec, randomModel } from './test-support/small-models.js';
import type { TrainingConfig } from './types.js';
import { findUntrainableFeature } from './untrainable-features.js';

const config: TrainingConfig = {
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'meanSquaredError',
  optimizer: { name: 'sgd', learningRate: 0.1 },
  batchSize: 2,
  epochs: 1,
};

const lstm: LayerSpec = { type: 'lstm', name: 'lstm', units: 3, returnSequences: true };
const cases: [string, LayerSpec[]][] = [
  ['pooling', [lstm, { type: 'pooling', name: 'pool', mode: 'mean', steps: 'all' }]],
  ['selectStep', [lstm, { type: 'selectStep', name: 'last', index: -1 }]],
  ['logSoftmax', [lstm, { type: 'dense', name: 'out', units: 2, activation: 'logSoftmax' }]],
  ['the activation layer', [lstm, { type: 'activation', name: 'act', activation: 'tanh' }]],
  [
    "sequenceOrder 'processing'",
    [{ ...lstm, direction: 'reverse', sequenceOrder: 'processing' } as LayerSpec],
  ],
  [
    'concatStates',
    [
      { ...lstm, direction: 'bidirectional' } as LayerSpec,
      { type: 'concatStates', name: 'cat', kind: 'c', layers: ['lstm'] },
    ],
  ],
];

describe('trainable spec features', () => {
  it.each(cases)('the reference trainer accepts %s', async (_, layers) => {
    const spec = featureSpec(layers);
    expect(findUntrainableFeature(spec)).toBeUndefined();
    const trainer = await createReferenceTrainingEngine().createTrainer(
      randomModel(spec, 1),
      config,
    );
    await trainer.dispose();
  });

  it('the reference trainer accepts input maskValue (Keras Masking)', async () => {
    const spec = featureSpec([{ type: 'lstm', name: 'lstm', units: 3 }], 3, {
      input: { name: 'x', type: 'features', size: 3, maskValue: 0 },
    });
    expect(findUntrainableFeature(spec)).toBeUndefined();
    const trainer = await createReferenceTrainingEngine().createTrainer(
      randomModel(spec, 1),
      config,
    );
    await trainer.dispose();
  });
});
