/**
 * The tfjs backends against core's float64 reference executor over the spec matrix: every
 * layer type and direction, merge modes, stacking, lengths, maskZero, state, peepholes,
 * resetAfter both ways, every activation. Tolerances from core's table; every position is
 * compared, padded steps included (the spec's paddedOutputs).
 * Each case runs with two weight sets: Keras's initialisers (with random biases) and a plain
 * uniform filler.
 */
import { createReferenceBackend, toleranceFor } from '@rnnkit/core';
import { describe, it } from 'vitest';
import { createTfjsBackend } from './index.js';
import { expectRunClose } from './test-support/compare.js';
import { MATRIX } from './test-support/matrix.js';
import { kerasInitialisedModel, seededModel } from './test-support/seeded-weights.js';

const reference = createReferenceBackend();

for (const backendName of ['cpu', 'wasm'] as const) {
  describe(`tfjs-${backendName} matches the reference`, () => {
    const backend = createTfjsBackend({ backend: backendName });
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
            expectRunClose(await session.run(testCase.inputs), expected, tolerance);
          } finally {
            await session.dispose();
          }
        }
      });
    });
  });
}
