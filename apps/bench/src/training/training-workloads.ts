/**
 * Training workloads: the article's sentiment LSTM at batch 32 x 100 tokens, a GRU language
 * model (per-step softmax, sparse targets), and the same LSTM on features (no Embedding).
 * The GRU uses resetAfter false: tf.layers refuses Keras's default GRU (reset_after=True).
 * Losses use probabilityClipping 'keras' and Adam epsilonStyle 'pytorch' with epsilon 1e-7,
 * because that is what stock tf.layers computes: tfjs-layers clips probabilities to
 * [1e-7, 1 - 1e-7] (and divides by their sum for categorical losses), and tf.train.adam divides
 * the bias-corrected m̂ by sqrt(v̂) + ε (tfjs-core adam_optimizer.ts), PyTorch's placement.
 */
import {
  gruLanguageModelSpec,
  type ModelSpec,
  sentimentLstmSpec,
  type TrainingConfig,
  validateSpec,
} from '@rnnkit/core';

export interface TrainingWorkload {
  id: string;
  description: string;
  spec: ModelSpec;
  batch: number;
  time: number;
  config: TrainingConfig;
}

const adam: TrainingConfig['optimizer'] = {
  name: 'adam',
  learningRate: 0.001,
  epsilon: 1e-7,
  epsilonStyle: 'pytorch',
};

function config(loss: TrainingConfig['loss'], batchSize: number): TrainingConfig {
  return {
    format: 'rnnkit-training',
    formatVersion: 1,
    loss,
    optimizer: adam,
    batchSize,
    epochs: 1,
  };
}

export function trainingWorkloads(): TrainingWorkload[] {
  const gruLm = gruLanguageModelSpec({ vocabularySize: 96, embeddingDim: 32, units: 128 });
  return [
    {
      id: 'train-sentiment-lstm',
      description:
        'article sentiment LSTM (Embedding 10000x64, LSTM 128, Dense 1 sigmoid), binary cross-entropy, Adam; batch 32 x 100 tokens',
      spec: sentimentLstmSpec(),
      batch: 32,
      time: 100,
      config: config({ name: 'binaryCrossentropy', probabilityClipping: 'keras' }, 32),
    },
    {
      id: 'train-lstm-features',
      description:
        'the same LSTM 128 + Dense 1 sigmoid on 64 features per step (no Embedding), batch 32 x 100',
      spec: validateSpec({
        format: 'rnnkit-model',
        formatVersion: 1,
        input: { name: 'input', type: 'features', size: 64 },
        layers: [
          { type: 'lstm', name: 'lstm', units: 128 },
          { type: 'dense', name: 'dense', units: 1, activation: 'sigmoid' },
        ],
        output: { name: 'probability' },
      }),
      batch: 32,
      time: 100,
      config: config({ name: 'binaryCrossentropy', probabilityClipping: 'keras' }, 32),
    },
    {
      id: 'train-gru-lm',
      description:
        'GRU language model (Embedding 96x32, GRU 128 resetAfter false, Dense 96 softmax per step), sparse categorical cross-entropy, Adam; batch 16 x 50 tokens',
      spec: validateSpec({
        ...gruLm,
        layers: gruLm.layers.map((l) =>
          l.type === 'gru' ? { ...l, resetAfter: false, recurrentBias: false } : l,
        ),
      }),
      batch: 16,
      time: 50,
      config: config({ name: 'sparseCategoricalCrossentropy', probabilityClipping: 'keras' }, 16),
    },
  ];
}
