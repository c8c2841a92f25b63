/**
 * A bidirectional layer with its own backward activations (spec `backward`) trains: the float64
 * tape's loss equals one computed from the reference executor's outputs (the executor's
 * per-direction activations are checked by hand in reference/backward-activations.test.ts), its
 * gradients match central finite differences, and they differ from the same model without
 * `backward` (so the field is not ignored).
 */
import { describe, expect, it } from 'vitest';
import { runReference } from '../../reference/run-reference.js';
import type { LayerSpec } from '../../spec/types.js';
import { checkGradientsByFiniteDifferences } from '../test-support/finite-differences.js';
import {
  featureSpec,
  randomFeatures,
  randomModel,
  randomTargets,
} from '../test-support/small-models.js';
import type { TrainingConfig } from '../types.js';
import { findUntrainableFeature } from '../untrainable-features.js';
import { createReferenceTrainingEngine } from './reference-trainer.js';

const B = 3;
const T = 4;

const LAYERS: [string, LayerSpec][] = [
  [
    'GRU, backward relu',
    {
      type: 'gru',
      name: 'bigru',
      units: 3,
      resetAfter: true,
      recurrentBias: true,
      direction: 'bidirectional',
      backward: { activation: 'relu' },
    },
  ],
  [
    'LSTM, backward softsign and hardSigmoid gates',
    {
      type: 'lstm',
      name: 'bilstm',
      units: 3,
      direction: 'bidirectional',
      returnSequences: true,
      backward: {
        activation: 'softsign',
        recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
      },
    },
  ],
  [
    'SimpleRNN, backward tanh under a relu forward',
    {
      type: 'simpleRnn',
      name: 'birnn',
      units: 3,
      activation: 'relu',
      direction: 'bidirectional',
      backward: { activation: 'tanh' },
    },
  ],
];

const config: TrainingConfig = {
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'meanSquaredError',
  optimizer: { name: 'sgd', learningRate: 0.1 },
  batchSize: B,
  epochs: 1,
};

describe('backward activations in training (float64 reference)', () => {
  it.each(LAYERS)('%s', async (_name, layer) => {
    const sequence = 'returnSequences' in layer && layer.returnSequences === true;
    const spec = featureSpec([layer, { type: 'dense', name: 'out', units: 2 }]);
    expect(findUntrainableFeature(spec)).toBeUndefined();
    const shape = sequence ? [B, T, 2] : [B, 2];
    const x = randomFeatures(B, T, 3, 5);
    const targets = randomTargets('meanSquaredError', shape, 9);
    const model = randomModel(spec, 17);

    // The tape's loss is the executor's: MSE over its outputs.
    const trainer = await createReferenceTrainingEngine().createTrainer(model, config);
    const { loss, gradients } = await trainer.computeGradients({ inputs: { x }, targets });
    const y = runReference(model, { x }).outputs.y.data as Float64Array;
    const t = targets.data as Float64Array;
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += (y[i] - t[i]) ** 2;
    expect(loss).toBeCloseTo(sum / y.length, 13);

    const report = checkGradientsByFiniteDifferences(model, 'meanSquaredError', {
      inputs: { x },
      targets,
    });
    expect(report.checked).toBeGreaterThan(10);

    // Without `backward` the backward direction's gradients change.
    const { backward: _ignored, ...plainLayer } = layer as LayerSpec & { backward?: unknown };
    const plain = { ...model, spec: featureSpec([plainLayer as LayerSpec, spec.layers[1]]) };
    const other = await createReferenceTrainingEngine().createTrainer(plain, config);
    const plainGradients = (await other.computeGradients({ inputs: { x }, targets })).gradients;
    const differs = [...gradients].some(([n, a]) => {
      const b = plainGradients.get(n) as ArrayLike<number>;
      return Array.from(a).some((v, i) => Math.abs(v - b[i]) > 1e-9);
    });
    expect(differs).toBe(true);
  });
});
