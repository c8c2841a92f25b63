/**
 * The article's third model: a next-token language model. Every step's GRU output goes through
 * a softmax over the vocabulary, so the output is [batch, time, vocabularySize].
 *
 * Keras equivalent (TF2 / Keras 2.3+ defaults):
 *
 *   Sequential([
 *       Input((None,), dtype='int32'),
 *       Embedding(vocabulary_size, 64),
 *       GRU(128, return_sequences=True),          # reset_after=True, recurrent_activation sigmoid
 *       Dense(vocabulary_size, activation='softmax'),
 *   ])
 *
 * Keras's reset_after=True GRU stores its bias as [2, 3*units]: an input bias row and a
 * recurrent bias row inside the reset product. That is `resetAfter: true` plus
 * `recurrentBias: true` here (ONNX linear_before_reset=1 with Rb).
 *
 * PyTorch equivalent: nn.Embedding(V, 64), nn.GRU(64, 128, batch_first=True) (always reset
 * after, with bias_hh), nn.Linear(128, V) on every step, softmax over the last axis.
 * Generation streams: feed `run(...).state` of one call into the next.
 */
import type { ModelSpec } from '../spec/types.js';
import { validateSpec } from '../validate/validate-spec.js';

export interface GruLanguageModelOptions {
  /** Token ids 0 .. vocabularySize-1, also the softmax width. Default 10000. */
  vocabularySize?: number;
  /** Embedding width. Default 64. */
  embeddingDim?: number;
  /** GRU units. Default 128. */
  units?: number;
}

/** Input `tokens` int32 [batch, time]; output `probabilities` float32 [batch, time, vocabularySize]. */
export function gruLanguageModelSpec(options: GruLanguageModelOptions = {}): ModelSpec {
  const { vocabularySize = 10000, embeddingDim = 64, units = 128 } = options;
  return validateSpec({
    format: 'rnnkit-model',
    formatVersion: 1,
    name: 'gru-language-model',
    input: { name: 'tokens', type: 'tokens' },
    layers: [
      { type: 'embedding', name: 'embedding', inputDim: vocabularySize, outputDim: embeddingDim },
      {
        type: 'gru',
        name: 'gru',
        units,
        resetAfter: true,
        recurrentBias: true,
        returnSequences: true,
      },
      { type: 'dense', name: 'dense', units: vocabularySize, activation: 'softmax' },
    ],
    output: { name: 'probabilities' },
  });
}
