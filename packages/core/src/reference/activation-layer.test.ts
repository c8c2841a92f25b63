/**
 * The `activation` layer: the activation on every position of the layer before it, padded
 * positions included (Keras's Activation ignores the mask), checked against the same model
 * without it with the function applied by hand.
 */
import { describe, expect, it } from 'vitest';
import type { LayerSpec, ModelSpec } from '../spec/types.js';
import { findUntrainableFeature } from '../training/untrainable-features.js';
import { validateSpec } from '../validate/validate-spec.js';
import { expectedWeights, type Model } from '../weights/canonical.js';
import { runReference } from './run-reference.js';
import { f32, featureSpec, randomNumbers, values } from './test-support/build.js';

function withWeights(spec: ModelSpec): Model {
  const weights = new Map();
  for (const [index, { name, shape }] of expectedWeights(spec).entries()) {
    const size = shape.reduce((a, b) => a * b, 1);
    weights.set(name, { shape, data: Float32Array.from(randomNumbers(size, 40 + index, 0.8)) });
  }
  return { spec, weights };
}

const gru: LayerSpec = {
  type: 'gru',
  name: 'gru',
  units: 3,
  resetAfter: true,
  returnSequences: true,
  paddedOutputs: 'previous',
};
const masked = { input: { name: 'x', type: 'features' as const, size: 2, maskValue: 9 } };
const x = f32([2, 3, 2], [0.3, -0.5, 9, 9, 0.8, 0.1, -0.2, 0.4, 0.6, -0.9, 9, 9]);

describe('activation layer', () => {
  it('validates: a known activation is required; softmax is allowed', () => {
    expect(() =>
      validateSpec(featureSpec(2, [gru, { type: 'activation', name: 'a' } as never], masked)),
    ).toThrow(/\$\.layers\[1\]\.activation: expected an activation/);
    expect(() =>
      validateSpec(
        featureSpec(
          2,
          [gru, { type: 'activation', name: 'a', activation: 'swish' } as never],
          masked,
        ),
      ),
    ).toThrow(/\$\.layers\[1\]\.activation/);
    expect(() =>
      validateSpec(
        featureSpec(2, [gru, { type: 'activation', name: 'a', activation: 'softmax' }], masked),
      ),
    ).not.toThrow();
  });

  it('applies elementwise at every position, masked ones included', () => {
    const plain = withWeights(featureSpec(2, [gru], masked));
    const spec = featureSpec(
      2,
      [gru, { type: 'activation', name: 'act', activation: 'relu' }],
      masked,
    );
    const before = values(runReference(plain, { x }).outputs.y);
    const after = values(runReference({ spec, weights: plain.weights }, { x }).outputs.y);
    expect(before.some((v) => v < 0)).toBe(true); // relu has something to do
    expect(after).toEqual(before.map((v) => Math.max(0, v)));
  });

  it('softmax acts on the last axis', () => {
    const plain = withWeights(featureSpec(2, [gru], masked));
    const spec = featureSpec(
      2,
      [gru, { type: 'activation', name: 'act', activation: 'softmax' }],
      masked,
    );
    const before = values(runReference(plain, { x }).outputs.y);
    const after = values(runReference({ spec, weights: plain.weights }, { x }).outputs.y);
    for (let row = 0; row < 6; row++) {
      const logits = before.slice(row * 3, row * 3 + 3);
      const sum = logits.reduce((a, v) => a + Math.exp(v), 0);
      logits.forEach((v, u) => {
        expect(after[row * 3 + u]).toBeCloseTo(Math.exp(v) / sum, 14);
      });
    }
  });

  it('is trainable (training/reference/model-tape.ts differentiates it)', () => {
    const spec = featureSpec(2, [gru, { type: 'activation', name: 'act', activation: 'tanh' }]);
    expect(findUntrainableFeature(spec)).toBeUndefined();
  });
});
