/**
 * sequenceOrder 'processing' (Keras go_backwards with return_sequences): the reverse layer's
 * time-aligned sequence read back to front over the whole time axis, masks included.
 */
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../spec/types.js';
import { findUntrainableFeature } from '../training/untrainable-features.js';
import { validateSpec } from '../validate/validate-spec.js';
import { expectedWeights, type Model } from '../weights/canonical.js';
import { runReference } from './run-reference.js';
import { f32, featureSpec, randomNumbers, values } from './test-support/build.js';

const layer = (extra: Partial<LayerSpec>): LayerSpec =>
  ({
    type: 'lstm',
    name: 'lstm',
    units: 2,
    direction: 'reverse',
    returnSequences: true,
    paddedOutputs: 'previous',
    ...extra,
  }) as LayerSpec;
const masked = { input: { name: 'x', type: 'features' as const, size: 2, maskValue: 0 } };

describe("sequenceOrder 'processing'", () => {
  it('is valid only on a reverse layer returning sequences', () => {
    expect(() =>
      validateSpec(featureSpec(2, [layer({ sequenceOrder: 'processing' })])),
    ).not.toThrow();
    expect(() =>
      validateSpec(featureSpec(2, [layer({ sequenceOrder: 'processing', direction: 'forward' })])),
    ).toThrow(/sequenceOrder: 'processing' needs direction 'reverse'/);
    expect(() =>
      validateSpec(
        featureSpec(2, [layer({ sequenceOrder: 'processing', returnSequences: false })]),
      ),
    ).toThrow(/returnSequences false/);
    expect(() =>
      validateSpec(featureSpec(2, [layer({ sequenceOrder: 'reversed' as never })])),
    ).toThrow(/\$\.layers\[0\]\.sequenceOrder/);
  });

  it('reverses the time-aligned sequence over the whole time axis, with masked steps', () => {
    const timeSpec = featureSpec(2, [layer({})], masked);
    const weights = new Map();
    for (const [i, { name, shape }] of expectedWeights(timeSpec).entries()) {
      const size = shape.reduce((a, b) => a * b, 1);
      weights.set(name, { shape, data: Float32Array.from(randomNumbers(size, 70 + i, 0.7)) });
    }
    const aligned: Model = { spec: timeSpec, weights };
    const processing: Model = {
      spec: featureSpec(2, [layer({ sequenceOrder: 'processing' })], masked),
      weights,
    };
    // Example 1 has a masked step inside, example 0 at the end.
    const x = f32(
      [2, 4, 2],
      [0.1, 0.2, 0.3, -0.4, 0.5, 0.6, 0, 0, 0.7, -0.1, 0, 0, 0.2, 0.9, -0.3, 0.4],
    );
    const a = values(runReference(aligned, { x }).outputs.y);
    const p = values(runReference(processing, { x }).outputs.y);
    for (let b = 0; b < 2; b++) {
      for (let t = 0; t < 4; t++) {
        for (let u = 0; u < 2; u++) {
          expect(p[(b * 4 + t) * 2 + u]).toBe(a[(b * 4 + (3 - t)) * 2 + u]);
        }
      }
    }
    const unmasked = featureSpec(2, [layer({ sequenceOrder: 'processing' })]);
    // Trainable: the training tape reverses the returned sequence and its gradient alike.
    expect(findUntrainableFeature(unmasked)).toBeUndefined();
  });
});
