/**
 * The article's second model: binary sentiment classification of token sequences.
 *
 * Keras equivalent (TF2 / Keras 2.3+ defaults: LSTM activation tanh, recurrent_activation
 * sigmoid, one bias per gate, so `recurrentBias` stays false):
 *
 *   Sequential([
 *       Input((None,), dtype='int32'),
 *       Embedding(10000, 64),
 *       LSTM(128),
 *       Dense(1, activation='sigmoid'),
 *   ])
 *
 * Note tf.js layers and Keras 1/2.2 default LSTM's recurrent_activation to hard_sigmoid; a model
 * trained there must be imported with that activation, not built with this function.
 *
 * PyTorch equivalent: nn.Embedding(10000, 64), nn.LSTM(64, 128, batch_first=True),
 * nn.Linear(128, 1) on h_n[-1], then torch.sigmoid (its second bias bias_hh needs
 * `recurrentBias: true`, which this Keras-shaped model does not have).
 */
import type { ModelSpec } from '../spec/types.js';
import { validateSpec } from '../validate/validate-spec.js';

export interface SentimentLstmOptions {
  /** Token ids 0 .. vocabularySize-1. Default 10000 (the Keras IMDB examples' num_words). */
  vocabularySize?: number;
  /** Embedding width. Default 64. */
  embeddingDim?: number;
  /** LSTM units. Default 128. */
  units?: number;
  /** Keras `mask_zero`: id 0 is padding. Default false (Keras's Embedding default). */
  maskZero?: boolean;
}

/** Input `tokens` int32 [batch, time]; output `probability` float32 [batch, 1] in (0, 1). */
export function sentimentLstmSpec(options: SentimentLstmOptions = {}): ModelSpec {
  const { vocabularySize = 10000, embeddingDim = 64, units = 128, maskZero = false } = options;
  return validateSpec({
    format: 'rnnkit-model',
    formatVersion: 1,
    name: 'sentiment-lstm',
    input: { name: 'tokens', type: 'tokens' },
    layers: [
      {
        type: 'embedding',
        name: 'embedding',
        inputDim: vocabularySize,
        outputDim: embeddingDim,
        maskZero,
      },
      { type: 'lstm', name: 'lstm', units },
      { type: 'dense', name: 'dense', units: 1, activation: 'sigmoid' },
    ],
    output: { name: 'probability' },
  });
}
