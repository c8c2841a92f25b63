/** The three models of the article rnnkit grew from, with seeded Keras-default weights. */
import {
  charRnnSpec,
  gruLanguageModelSpec,
  initializeWeights,
  type ModelSpec,
  sentimentLstmSpec,
} from '@rnnkit/core';
import type { MatrixCase } from 'rnnkit';
import { createRandom } from './random.js';
import { randomInputs } from './random-model.js';
import { referenceCase } from './reference-case.js';

const ARTICLE_MODELS: { id: string; description: string; spec: () => ModelSpec }[] = [
  {
    id: 'article-char-rnn',
    description: 'char-level SimpleRNN(20) + Dense(5), PyTorch nn.RNN + nn.Linear',
    spec: () => charRnnSpec(),
  },
  {
    id: 'article-sentiment-lstm',
    description: 'Embedding + LSTM(128) + Dense(1, sigmoid), Keras',
    spec: () => sentimentLstmSpec({ vocabularySize: 200 }),
  },
  {
    id: 'article-gru-language-model',
    description: 'Embedding + GRU(128, reset_after) + Dense(vocab, softmax), Keras',
    spec: () => gruLanguageModelSpec({ vocabularySize: 96 }),
  },
];

export function articleCases(): MatrixCase[] {
  return ARTICLE_MODELS.map(({ id, description, spec }, index) => {
    const modelSpec = spec();
    const model = {
      spec: modelSpec,
      weights: initializeWeights(modelSpec, { seed: 1000 + index }),
    };
    const inputs = randomInputs(model, createRandom(2000 + index), { batch: 3, time: 12 });
    return referenceCase({ id, group: 'article', description, model, inputs });
  });
}
