import { expect, it } from 'vitest';
import {
  createReferenceBackend,
  initializeWeights,
  int32Tensor,
  sentimentLstmSpec,
} from '../index.js';

it('the README example runs', async () => {
  const spec = sentimentLstmSpec({ vocabularySize: 10000 });
  const model = { spec, weights: initializeWeights(spec, { seed: 42 }) };
  const session = await createReferenceBackend().load(model);
  const tokens = int32Tensor([1, 4], [12, 7, 431, 9]);
  const { outputs, state } = await session.run({ tokens });
  expect(outputs.probability.shape).toEqual([1, 1]);
  expect(state.lstm.h.shape).toEqual([1, 1, 128]);
  const next = await session.run({ tokens }, { state });
  expect(next.outputs.probability.shape).toEqual([1, 1]);
  await session.dispose();
});
