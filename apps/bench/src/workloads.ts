/**
 * The benchmark workloads: one table, so the terminal table, JSON and Markdown list the same rows.
 * Sizes follow the brief: the three article models at their default sizes, bare LSTM/GRU layers
 * at batch 32 x 100 steps x 64 -> 128 units, a bidirectional 2-layer LSTM, streaming generation
 * with a GRU language model (one token per call, batch 1), and one long sequence.
 */
import {
  charRnnSpec,
  gruLanguageModelSpec,
  type ModelSpec,
  sentimentLstmSpec,
  validateSpec,
} from '@rnnkit/core';

export interface Workload {
  id: string;
  description: string;
  spec: ModelSpec;
  batch: number;
  /** Steps per call (1 for generation). */
  time: number;
  /** 'sequence': one call = `batch` sequences. 'generate': `tokens` calls carrying the state. */
  kind: 'sequence' | 'generate';
  /** Generation only: tokens generated per measured run. */
  tokens?: number;
  /** Included in `--quick`. */
  quick: boolean;
}

function featureModel(name: string, layers: ModelSpec['layers'], inputSize = 64): ModelSpec {
  return validateSpec({
    format: 'rnnkit-model',
    formatVersion: 1,
    name,
    input: { name: 'input', type: 'features', size: inputSize },
    layers,
    output: { name: 'output' },
  });
}

export function workloads(): Workload[] {
  return [
    {
      id: 'char-rnn',
      description: 'article char RNN: SimpleRNN 10->20 + Dense 5, batch 32 x 100 steps',
      spec: charRnnSpec(),
      batch: 32,
      time: 100,
      kind: 'sequence',
      quick: true,
    },
    {
      id: 'sentiment-lstm',
      description:
        'article sentiment LSTM: Embedding 10000x64, LSTM 128, Dense 1 sigmoid; batch 32 x 100 tokens',
      spec: sentimentLstmSpec(),
      batch: 32,
      time: 100,
      kind: 'sequence',
      quick: false,
    },
    {
      id: 'gru-lm-article',
      description:
        'article GRU LM: Embedding 10000x64, GRU 128 (resetAfter), Dense 10000 softmax per step; batch 8 x 50 tokens',
      spec: gruLanguageModelSpec(),
      batch: 8,
      time: 50,
      kind: 'sequence',
      quick: false,
    },
    {
      id: 'lstm-32x100',
      description: 'LSTM 64->128, batch 32 x 100 steps, last state',
      spec: featureModel('lstm', [{ type: 'lstm', name: 'lstm', units: 128 }]),
      batch: 32,
      time: 100,
      kind: 'sequence',
      quick: true,
    },
    {
      // resetAfter false so stock tf.layers (which refuses reset_after=true) can run it too.
      id: 'gru-32x100',
      description: 'GRU 64->128 (resetAfter false), batch 32 x 100 steps, last state',
      spec: featureModel('gru', [{ type: 'gru', name: 'gru', units: 128, resetAfter: false }]),
      batch: 32,
      time: 100,
      kind: 'sequence',
      quick: false,
    },
    {
      id: 'bilstm-2layer',
      description: 'bidirectional 2-layer LSTM 64->2x128->2x128 (concat), batch 32 x 100 steps',
      spec: featureModel('bilstm', [
        {
          type: 'lstm',
          name: 'bilstm1',
          units: 128,
          direction: 'bidirectional',
          returnSequences: true,
        },
        { type: 'lstm', name: 'bilstm2', units: 128, direction: 'bidirectional' },
      ]),
      batch: 32,
      time: 100,
      kind: 'sequence',
      quick: false,
    },
    {
      id: 'gru-lm-generate',
      description:
        'GRU LM generation: vocab 96, embedding 64, GRU 256 (resetAfter), batch 1, one token per call, state carried',
      spec: gruLanguageModelSpec({ vocabularySize: 96, embeddingDim: 64, units: 256 }),
      batch: 1,
      time: 1,
      kind: 'generate',
      tokens: 128,
      quick: true,
    },
    {
      // Issue 15's streaming target: the article's sentiment LSTM fed one token per call.
      id: 'sentiment-lstm-stream',
      description:
        'article sentiment LSTM streamed: Embedding 10000x64, LSTM 128, Dense 1 sigmoid; batch 1, one token per call, state carried',
      spec: sentimentLstmSpec(),
      batch: 1,
      time: 1,
      kind: 'generate',
      tokens: 128,
      quick: false,
    },
    {
      id: 'lstm-long-2000',
      description: 'LSTM 64->128, batch 1 x 2000 steps, last state',
      spec: featureModel('lstm-long', [{ type: 'lstm', name: 'lstm', units: 128 }]),
      batch: 1,
      time: 2000,
      kind: 'sequence',
      quick: false,
    },
  ];
}
