// The README's example, run as written (with a smaller vocabulary), against the reference executor.
import {
  createReferenceBackend,
  initializeWeights,
  int32Tensor,
  sentimentLstmSpec,
  TOLERANCES,
} from '@rnnkit/core';
import { expect, it } from 'vitest';
import { createOrtNodeBackend } from './index.js';

it('README example', async () => {
  const spec = sentimentLstmSpec({ vocabularySize: 500 });
  const model = { spec, weights: initializeWeights(spec, { seed: 42 }) };
  const session = await createOrtNodeBackend({ threads: 2 }).load(model);
  const tokens = int32Tensor([1, 4], [12, 7, 431, 9]);
  const first = await session.run({ tokens });
  const next = await session.run({ tokens }, { state: first.state });
  await session.dispose();

  const reference = await createReferenceBackend().load(model);
  const expectedFirst = await reference.run({ tokens });
  const expectedNext = await reference.run({ tokens }, { state: expectedFirst.state });
  const { atol, rtol } = TOLERANCES['ort-node-cpu'];
  for (const [actual, expected] of [
    [first, expectedFirst],
    [next, expectedNext],
  ] as const) {
    expect(Object.keys(actual.outputs)).toEqual(Object.keys(expected.outputs));
    for (const name of Object.keys(expected.outputs)) {
      const a = actual.outputs[name].data;
      const e = expected.outputs[name].data;
      for (let i = 0; i < e.length; i++)
        expect(Math.abs(Number(a[i]) - Number(e[i]))).toBeLessThanOrEqual(
          atol + rtol * Math.abs(Number(e[i])),
        );
    }
  }
});
