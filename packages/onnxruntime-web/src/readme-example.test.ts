// The README's example, run as written (with a smaller vocabulary), against the reference executor.
import {
  createReferenceBackend,
  initializeWeights,
  int32Tensor,
  sentimentLstmSpec,
  TOLERANCES,
} from '@rnnkit/core';
import { expect, it } from 'vitest';
import { createOrtWebBackend } from './index.js';

it('README example', async () => {
  const spec = sentimentLstmSpec({ vocabularySize: 500 });
  const model = { spec, weights: initializeWeights(spec, { seed: 42 }) };
  const backend = createOrtWebBackend({ executionProvider: 'wasm' });
  const session = await backend.load(model);
  const first = await session.run({ tokens: int32Tensor([1, 4], [12, 7, 431, 9]) });
  const next = await session.run({ tokens: int32Tensor([1, 2], [5, 6]) }, { state: first.state });
  expect(session.recurrentPlacement).toEqual({ lstm: 'CPUExecutionProvider' });
  await session.dispose();

  const reference = await createReferenceBackend().load(model);
  const expectedFirst = await reference.run({ tokens: int32Tensor([1, 4], [12, 7, 431, 9]) });
  const expectedNext = await reference.run(
    { tokens: int32Tensor([1, 2], [5, 6]) },
    { state: expectedFirst.state },
  );
  const { atol, rtol } = TOLERANCES['ort-web-wasm'];
  for (const [actual, expected] of [
    [first, expectedFirst],
    [next, expectedNext],
  ] as const) {
    for (const name of Object.keys(expected.outputs)) {
      const a = actual.outputs[name].data;
      const e = expected.outputs[name].data;
      for (let i = 0; i < e.length; i++) {
        expect(Math.abs(Number(a[i]) - Number(e[i]))).toBeLessThanOrEqual(
          atol + rtol * Math.abs(Number(e[i])),
        );
      }
    }
  }
});
