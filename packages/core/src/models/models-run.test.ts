// The article models end to end: seeded Keras-default weights, validateModel, and a run on the
// reference backend. Checks properties any correct executor has (shapes, sigmoid in (0, 1),
// softmax rows summing to 1), not numbers taken from this code's own output.
import { describe, expect, it } from 'vitest';
import { initializeWeights } from '../init/index.js';
import { createReferenceBackend } from '../reference/index.js';
import { float32Tensor, int32Tensor, toNumbers } from '../tensor.js';
import { validateModel } from '../validate/validate-model.js';
import { charRnnSpec } from './char-rnn.js';
import { gruLanguageModelSpec } from './gru-language-model.js';
import { sentimentLstmSpec } from './sentiment-lstm.js';

const backend = createReferenceBackend();

describe('article models on the reference backend', () => {
  it('charRnn: [batch, 5] logits', async () => {
    const spec = charRnnSpec();
    const model = { spec, weights: initializeWeights(spec, { seed: 1 }) };
    validateModel(model);
    const session = await backend.load(model);
    const input = float32Tensor(
      [2, 4, 10],
      Array.from({ length: 80 }, (_, i) => (i % 10 === i % 7 ? 1 : 0)),
    );
    const result = await session.run({ input });
    expect(result.outputs.output.shape).toEqual([2, 5]);
    expect(result.state.rnn.h.shape).toEqual([1, 2, 20]);
    await session.dispose();
  });

  it('sentimentLstm: one probability per example', async () => {
    const spec = sentimentLstmSpec({ vocabularySize: 100 });
    const model = { spec, weights: initializeWeights(spec, { seed: 2 }) };
    validateModel(model);
    const session = await backend.load(model);
    const result = await session.run({
      tokens: int32Tensor([3, 5], [1, 2, 3, 4, 5, 9, 8, 7, 6, 5, 99, 0, 0, 1, 1]),
    });
    const p = toNumbers(result.outputs.probability);
    expect(result.outputs.probability.shape).toEqual([3, 1]);
    for (const value of p) expect(value > 0 && value < 1).toBe(true);
    expect(result.state.lstm.c?.shape).toEqual([1, 3, 128]);
    await session.dispose();
  });

  it('gruLanguageModel: a distribution over the vocabulary at every step', async () => {
    const spec = gruLanguageModelSpec({ vocabularySize: 50 });
    const model = { spec, weights: initializeWeights(spec, { seed: 3 }) };
    validateModel(model);
    const session = await backend.load(model);
    const result = await session.run({ tokens: int32Tensor([2, 3], [1, 2, 3, 49, 0, 7]) });
    const probabilities = result.outputs.probabilities;
    expect(probabilities.shape).toEqual([2, 3, 50]);
    const values = toNumbers(probabilities);
    for (let row = 0; row < 6; row++) {
      const sum = values.slice(row * 50, row * 50 + 50).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 10);
    }
    await session.dispose();
  });
});
