/**
 * rnnkit-wasm against core's float64 reference executor over the spec matrix the tfjs backends
 * run (every layer type and direction, merge modes, stacking, lengths, maskZero, state,
 * peepholes, resetAfter both ways, every activation), each case with Keras-initialised and
 * uniform weights. Tolerance: core's table; every position compared, padded steps included
 * (each layer's paddedOutputs defines them).
 */
import { createReferenceBackend, toleranceFor } from '@rnnkit/core';
import { describe, it } from 'vitest';
import { expectRunClose } from '../../tfjs/src/test-support/compare.js';
import { MATRIX } from '../../tfjs/src/test-support/matrix.js';
import { kerasInitialisedModel, seededModel } from '../../tfjs/src/test-support/seeded-weights.js';
import { createWasmBackend } from './index.js';

const reference = createReferenceBackend();

describe('rnnkit-wasm matches the reference', () => {
  const backend = createWasmBackend();
  const tolerance = toleranceFor(backend.id);
  MATRIX.forEach((testCase, index) => {
    it(testCase.name, async () => {
      const models = [
        ...(testCase.uniformWeightsOnly ? [] : [kerasInitialisedModel(testCase.spec, index)]),
        seededModel(testCase.spec, index, testCase.scale),
      ];
      for (const model of models) {
        const expected = await (await reference.load(model)).run(testCase.inputs);
        const session = await backend.load(model);
        try {
          // Every position, padded steps included (paddedOutputs defines them).
          expectRunClose(await session.run(testCase.inputs), expected, tolerance);
        } finally {
          await session.dispose();
        }
      }
    });
  });
});
