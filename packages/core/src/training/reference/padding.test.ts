/**
 * Padded steps never contribute: a padded batch gives exactly the loss and gradients of the same
 * examples without their padding (an independent formulation of "the state carries through
 * unchanged and padded outputs are ignored"), and the padding token's embedding row gets none.
 */
import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../spec/types.js';
import { float64Tensor, int32Tensor } from '../../tensor.js';
import type { Model } from '../../weights/canonical.js';
import { featureSpec, randomFeatures, randomModel } from '../test-support/small-models.js';
import type { LossConfig, TrainingBatch } from '../types.js';
import { resolveLoss } from '../validate-config.js';
import { evaluateBatchLoss } from './batch-loss.js';
import { backwardModel } from './model-tape.js';
import { ParameterStore } from './parameter-store.js';

function gradients(model: Model, loss: LossConfig['name'], batch: TrainingBatch) {
  const store = new ParameterStore(model.weights);
  const { tape, result } = evaluateBatchLoss(model.spec, store, resolveLoss(loss), false, batch);
  return {
    loss: result.loss,
    gradients: backwardModel(tape, result.gradient, result.gradientOfLogits),
  };
}

function expectSameGradients(a: Map<string, Float64Array>, b: Map<string, Float64Array>) {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [name, value] of a) {
    const other = b.get(name) as Float64Array;
    for (let i = 0; i < value.length; i++) expect(value[i]).toBeCloseTo(other[i], 13);
  }
}

describe('padding in training', () => {
  it('maskZero: [5, 0, 3, 0] trains exactly like [5, 3]; row 0 of the embedding gets no gradient', () => {
    const spec: ModelSpec = {
      format: 'rnnkit-model',
      formatVersion: 1,
      input: { name: 'tokens', type: 'tokens' },
      layers: [
        { type: 'embedding', name: 'emb', inputDim: 6, outputDim: 2, maskZero: true },
        { type: 'gru', name: 'gru', units: 3, resetAfter: false, direction: 'bidirectional' },
        { type: 'dense', name: 'out', units: 1, activation: 'sigmoid' },
      ],
      output: { name: 'p' },
    };
    const model = randomModel(spec, 12);
    const targets = float64Tensor([1, 1], [1]);
    const padded = gradients(model, 'binaryCrossentropy', {
      inputs: { tokens: int32Tensor([1, 4], [5, 0, 3, 0]) },
      targets,
    });
    const plain = gradients(model, 'binaryCrossentropy', {
      inputs: { tokens: int32Tensor([1, 2], [5, 3]) },
      targets,
    });
    expect(padded.loss).toBeCloseTo(plain.loss, 14);
    expectSameGradients(padded.gradients, plain.gradients);
    expect([...(padded.gradients.get('emb/embeddings') as Float64Array).subarray(0, 2)]).toEqual([
      0, 0,
    ]);
  });

  it('sequenceLengths with per-step outputs: padded steps add neither loss nor gradient', () => {
    const spec = featureSpec(
      [
        {
          type: 'lstm',
          name: 'lstm',
          units: 2,
          direction: 'reverse',
          returnSequences: true,
          peepholes: true,
        },
        { type: 'dense', name: 'out', units: 2 },
      ],
      3,
      { sequenceLengths: { name: 'lengths' } },
    );
    const model = randomModel(spec, 13);
    const x = randomFeatures(1, 5, 3, 3);
    const y = randomFeatures(1, 5, 2, 4);
    const padded = gradients(model, 'meanSquaredError', {
      inputs: { x, lengths: int32Tensor([1], [3]) },
      targets: y,
    });
    const cut = (t: typeof x, width: number) =>
      float64Tensor([1, 3, width], (t.data as Float64Array).slice(0, 3 * width));
    const plain = gradients(model, 'meanSquaredError', {
      inputs: { x: cut(x, 3) },
      targets: cut(y, 2),
    });
    expect(padded.loss).toBeCloseTo(plain.loss, 14);
    expectSameGradients(padded.gradients, plain.gradients);
  });
});
