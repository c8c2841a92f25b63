import { createReferenceBackend, type ModelSpec } from '@rnnkit/core';
import { describe, it } from 'vitest';
import { createTfjsBackend } from './index.js';
import { DEFAULT_TOLERANCE, expectRunClose } from './test-support/compare.js';
import { seededFeatures, seededModel } from './test-support/seeded-weights.js';

describe('smoke', () => {
  it('lstm on cpu', async () => {
    const spec: ModelSpec = {
      format: 'rnnkit-model',
      formatVersion: 1,
      input: { name: 'x', type: 'features', size: 3 },
      layers: [{ type: 'lstm', name: 'lstm', units: 4, returnSequences: true }],
      output: { name: 'y' },
    };
    const model = seededModel(spec);
    const x = seededFeatures(2, 5, 3);
    const expected = await (await createReferenceBackend().load(model)).run({ x });
    for (const backend of ['cpu', 'wasm'] as const) {
      const session = await createTfjsBackend({ backend }).load(model);
      const actual = await session.run({ x });
      expectRunClose(actual, expected, DEFAULT_TOLERANCE);
    }
  });
});
