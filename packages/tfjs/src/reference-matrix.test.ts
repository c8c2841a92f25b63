/**
 * The tfjs backends against core's float64 reference executor over the spec matrix: every
 * layer type and direction, merge modes, stacking, lengths, maskZero, state, peepholes,
 * resetAfter both ways, every activation.
 */
import { createReferenceBackend, prepareRunInputs } from '@rnnkit/core';
import { describe, it } from 'vitest';
import { createTfjsBackend } from './index.js';
import { DEFAULT_TOLERANCE, expectRunClose } from './test-support/compare.js';
import { MATRIX } from './test-support/matrix.js';
import { seededModel } from './test-support/seeded-weights.js';

const reference = createReferenceBackend();

for (const backendName of ['cpu', 'wasm'] as const) {
  describe(`tfjs-${backendName} matches the reference`, () => {
    const backend = createTfjsBackend({ backend: backendName });
    for (const testCase of MATRIX) {
      it(testCase.name, async () => {
        const model = seededModel(testCase.spec, 3, testCase.scale ?? 0.5);
        const expected = await (await reference.load(model)).run(testCase.inputs);
        const session = await backend.load(model);
        try {
          const actual = await session.run(testCase.inputs);
          const { mask } = prepareRunInputs(testCase.spec, testCase.inputs);
          expectRunClose(actual, expected, DEFAULT_TOLERANCE, mask);
        } finally {
          await session.dispose();
        }
      });
    }
  });
}
