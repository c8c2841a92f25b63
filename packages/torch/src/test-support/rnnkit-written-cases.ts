/**
 * The models rnnkit writes as PyTorch state dicts for __fixtures__/rnnkit-written/. Each has a
 * matching nn.Module in make_torch_state_dicts.py (RNNKIT_WRITTEN_MODULES) that must load the
 * file with load_state_dict(strict=True). Weights and inputs are seeded, so regenerating gives
 * the same bytes; the committed test checks that it still does.
 */
import {
  charRnnSpec,
  expectedWeights,
  type Model,
  type ModelSpec,
  type NamedTensors,
  Random,
  sentimentLstmSpec,
  validateSpec,
  type Weights,
} from '@rnnkit/core';

export interface WrittenCase {
  name: string;
  model: Model;
  inputs: NamedTensors;
}

function randomModel(spec: ModelSpec, seed: number): Model {
  const random = new Random(seed);
  const weights: Weights = new Map();
  for (const { name, shape } of expectedWeights(spec)) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = random.uniformIn(-0.6, 0.6);
    weights.set(name, { shape, data });
  }
  return { spec, weights };
}

function features(seed: number, size: number): NamedTensors {
  const random = new Random(seed);
  const data = new Float32Array(2 * 5 * size);
  for (let i = 0; i < data.length; i++) data[i] = random.uniformIn(-1, 1);
  return { input: { dtype: 'float32', shape: [2, 5, size], data } };
}

function tokens(seed: number, vocabulary: number): NamedTensors {
  const random = new Random(seed);
  const data = new Int32Array(2 * 6);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(random.uniform() * vocabulary);
  return { input: { dtype: 'int32', shape: [2, 6], data } };
}

function spec(layers: unknown[], input: unknown): ModelSpec {
  return validateSpec({
    format: 'rnnkit-model',
    formatVersion: 1,
    input,
    layers,
    output: { name: 'output' },
  });
}

export function rnnkitWrittenCases(): WrittenCase[] {
  const charRnn = charRnnSpec({ inputSize: 4, hiddenSize: 6, outputSize: 3 });
  const sentiment = sentimentLstmSpec({ vocabularySize: 9, embeddingDim: 4, units: 5 });
  return [
    { name: 'char_rnn', model: randomModel(charRnn, 1), inputs: features(11, 4) },
    {
      // Keras-shaped (one bias per gate): bias_hh is written as zeros.
      name: 'sentiment_keras_shaped',
      model: randomModel({ ...sentiment, input: { ...sentiment.input, name: 'input' } }, 2),
      inputs: tokens(12, 9),
    },
    {
      name: 'gru_stack_bidirectional',
      model: randomModel(
        spec(
          [
            { type: 'embedding', name: 'embedding', inputDim: 11, outputDim: 4 },
            ...[0, 1].map((k) => ({
              type: 'gru',
              name: `gru_l${k}`,
              units: 5,
              direction: 'bidirectional',
              resetAfter: true,
              recurrentBias: true,
              returnSequences: true,
            })),
            { type: 'dense', name: 'head', units: 11, activation: 'softmax' },
          ],
          { name: 'input', type: 'tokens' },
        ),
        3,
      ),
      inputs: tokens(13, 11),
    },
    {
      name: 'rnn_relu_no_bias',
      model: randomModel(
        spec(
          [
            {
              type: 'simpleRnn',
              name: 'rnn',
              units: 4,
              activation: 'relu',
              useBias: false,
              returnSequences: true,
            },
            { type: 'dropout', name: 'dropout', rate: 0.25 },
            { type: 'dense', name: 'out', units: 2, useBias: false },
          ],
          { name: 'input', type: 'features', size: 3 },
        ),
        4,
      ),
      inputs: features(14, 3),
    },
    {
      name: 'lstm_bidirectional_final',
      model: randomModel(
        spec(
          [
            {
              type: 'lstm',
              name: 'lstm',
              units: 4,
              direction: 'bidirectional',
              recurrentBias: true,
            },
            { type: 'dense', name: 'fc', units: 2, activation: 'tanh' },
          ],
          { name: 'input', type: 'features', size: 3 },
        ),
        5,
      ),
      inputs: features(15, 3),
    },
  ];
}
