/**
 * A features input's `maskValue` (Keras Masking): a step whose every feature equals the value is
 * skipped wherever it is, so an example with masked steps ends where the same example without
 * them ends (Keras: keras/src/layers/core/masking.py makes the mask, the RNN skips masked steps).
 */
import { describe, expect, it } from 'vitest';
import { definedOutputMask } from '../conformance/defined-output-mask.js';
import { prepareRunInputs } from '../run/prepare-inputs.js';
import { findUntrainableFeature } from '../training/untrainable-features.js';
import { validateSpec } from '../validate/validate-spec.js';
import { expectedWeights, type Model } from '../weights/canonical.js';
import { runReference } from './run-reference.js';
import { f32, featureSpec, randomNumbers, values } from './test-support/build.js';

function randomModel(spec: Parameters<typeof expectedWeights>[0], seed: number): Model {
  const weights = new Map();
  for (const [index, { name, shape }] of expectedWeights(spec).entries()) {
    const size = shape.reduce((a, b) => a * b, 1);
    weights.set(name, { shape, data: Float32Array.from(randomNumbers(size, seed + index, 0.6)) });
  }
  return { spec, weights };
}

const maskedSpec = (maskValue: number, direction: 'forward' | 'bidirectional' = 'forward') =>
  featureSpec(2, [{ type: 'lstm', name: 'lstm', units: 3, direction }], {
    input: { name: 'x', type: 'features', size: 2, maskValue },
  });

describe('maskValue (Keras Masking)', () => {
  it('is validated: a finite number on a features input only', () => {
    expect(() => validateSpec(maskedSpec(2))).not.toThrow();
    expect(() => validateSpec(maskedSpec(Number.NaN))).toThrow(/\$\.input\.maskValue/);
    expect(() => validateSpec(maskedSpec(1e39))).toThrow(/finite in float32/);
    const tokens = {
      ...maskedSpec(0),
      input: { name: 'x', type: 'tokens', maskValue: 0 },
      layers: [
        { type: 'embedding', name: 'e', inputDim: 3, outputDim: 2 },
        { type: 'lstm', name: 'lstm', units: 3 },
      ],
    };
    expect(() => validateSpec(tokens)).toThrow(/\$\.input.*maskValue/);
  });

  it('makes paddedOutputs required on a layer returning a sequence', () => {
    const spec = featureSpec(
      2,
      [{ type: 'gru', name: 'g', units: 2, resetAfter: true, returnSequences: true }],
      {
        input: { name: 'x', type: 'features', size: 2, maskValue: 0 },
      },
    );
    expect(() => validateSpec(spec)).toThrow(/paddedOutputs.*maskValue/);
  });

  it('masks a step only when every feature equals the value, anywhere in the sequence', () => {
    const spec = maskedSpec(2);
    // Steps: [2,2] masked, [2,1] real, [2,2] masked, [0,0] real (0 is not the mask value).
    const x = f32([1, 4, 2], [2, 2, 2, 1, 2, 2, 0, 0]);
    expect(Array.from(prepareRunInputs(spec, { x }).mask ?? [])).toEqual([0, 1, 0, 1]);
    const sequenceSpec = featureSpec(
      2,
      [{ type: 'lstm', name: 'lstm', units: 3, returnSequences: true, paddedOutputs: 'zero' }],
      { input: { name: 'x', type: 'features', size: 2, maskValue: 2 } },
    );
    expect(Array.from(definedOutputMask(sequenceSpec, { x }) ?? [])).toEqual([0, 1, 0, 1]);
  });

  it('compares in float32, as Keras does with float32 inputs', () => {
    const spec = maskedSpec(0.1);
    const x = f32([1, 2, 2], [0.1, 0.1, 0.2, 0.1]);
    expect(Array.from(prepareRunInputs(spec, { x }).mask ?? [])).toEqual([0, 1]);
  });

  for (const direction of ['forward', 'bidirectional'] as const) {
    it(`${direction}: masked steps leave the state alone, so the result is that of the real steps alone`, () => {
      const model = randomModel(maskedSpec(-1, direction), 11);
      const real = [0.5, -0.2, 0.3, 0.9, -0.7, 0.1];
      // The same three real steps with masked steps before, between and after them.
      const m = [-1, -1];
      const withMask = [
        ...m,
        ...real.slice(0, 2),
        ...m,
        ...m,
        ...real.slice(2, 4),
        ...m,
        ...real.slice(4),
      ];
      const masked = runReference(model, { x: f32([1, 7, 2], withMask) });
      const plain = runReference(
        { ...model, spec: { ...model.spec, input: { name: 'x', type: 'features', size: 2 } } },
        { x: f32([1, 3, 2], real) },
      );
      const got = values(masked.outputs.y);
      const want = values(plain.outputs.y);
      for (const [i, v] of got.entries()) expect(v).toBeCloseTo(want[i], 12);
    });
  }

  it('is trainable (the mask of the prepared run reaches the training tape and the loss)', () => {
    expect(findUntrainableFeature(maskedSpec(0))).toBeUndefined();
  });
});
