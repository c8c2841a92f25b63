/** The README's example, as written, streams three tokens; checked against the reference. */
import {
  createReferenceBackend,
  gruLanguageModelSpec,
  initializeWeights,
  int32Tensor,
  type RecurrentState,
  toleranceFor,
} from '@rnnkit/core';
import { expect, it } from 'vitest';
import { createWasmBackend } from './index.js';

it('streams the README example like one joined reference run', async () => {
  const spec = gruLanguageModelSpec({ vocabularySize: 96, embeddingDim: 64, units: 256 });
  const model = { spec, weights: initializeWeights(spec, { seed: 1 }) };
  const session = await createWasmBackend().load(model);
  let state: RecurrentState | undefined;
  let last: Float32Array = new Float32Array(0);
  for (const id of [5, 17, 2]) {
    const result = await session.run({ tokens: int32Tensor([1, 1], [id]) }, { state });
    state = result.state;
    last = result.outputs.probabilities.data as Float32Array;
  }
  await session.dispose();
  const joined = await (await createReferenceBackend().load(model)).run({
    tokens: int32Tensor([1, 3], [5, 17, 2]),
  });
  const expected = (joined.outputs.probabilities.data as Float64Array).slice(2 * 96);
  const { atol, rtol } = toleranceFor('rnnkit-wasm');
  expect(last).toHaveLength(96);
  for (let i = 0; i < 96; i++)
    expect(Math.abs(last[i] - expected[i])).toBeLessThanOrEqual(
      atol + rtol * Math.abs(expected[i]),
    );
});
