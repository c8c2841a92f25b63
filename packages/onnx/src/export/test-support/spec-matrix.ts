/**
 * Specs covering every export path (each layer type, direction, merge mode, returnSequences,
 * stacking, state inputs/outputs, sequence lengths, maskZero, parameterised activations), with
 * seeded random weights: every bias and peephole is non-zero so a gate-order slip shows.
 */
import { expectedWeights, type Model, type ModelSpec } from '@rnnkit/core';

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function randomModel(spec: ModelSpec, seed = 7, scale = 0.6): Model {
  const next = random(seed);
  const weights = new Map(
    expectedWeights(spec).map((w) => {
      const size = w.shape.reduce((a, b) => a * b, 1);
      const data = new Float32Array(size);
      for (let i = 0; i < size; i++) data[i] = (next() * 2 - 1) * scale;
      return [w.name, { shape: w.shape, data }];
    }),
  );
  return { spec, weights };
}

const base = { format: 'rnnkit-model', formatVersion: 1 } as const;

export const SPEC_MATRIX: Record<string, ModelSpec> = {
  lstm_sequence_softmax: {
    ...base,
    name: 'lstm_sequence_softmax',
    input: { name: 'features', type: 'features', size: 3 },
    layers: [
      { type: 'lstm', name: 'lstm', units: 4, returnSequences: true },
      { type: 'dense', name: 'head', units: 5, activation: 'softmax' },
    ],
    output: { name: 'probabilities' },
  },
  gru_bidirectional_concat_last: {
    ...base,
    input: { name: 'tokens', type: 'tokens' },
    layers: [
      { type: 'embedding', name: 'embed', inputDim: 11, outputDim: 4 },
      {
        type: 'gru',
        name: 'gru',
        units: 3,
        resetAfter: true,
        recurrentBias: true,
        direction: 'bidirectional',
      },
      { type: 'dense', name: 'out', units: 2, activation: 'sigmoid' },
    ],
    output: { name: 'scores' },
  },
  stacked_lstm_mask_zero_state: {
    ...base,
    input: { name: 'ids', type: 'tokens' },
    layers: [
      { type: 'embedding', name: 'embed', inputDim: 9, outputDim: 3, maskZero: true },
      { type: 'lstm', name: 'lstm_1', units: 4, returnSequences: true, paddedOutputs: 'previous' },
      { type: 'dropout', name: 'drop', rate: 0.5 },
      { type: 'lstm', name: 'lstm_2', units: 4, returnSequences: true, paddedOutputs: 'zero' },
      { type: 'dense', name: 'logits', units: 9 },
    ],
    output: { name: 'logits' },
    stateInputs: [
      { name: 'h0', kind: 'h', layers: ['lstm_1', 'lstm_2'] },
      { name: 'c0', kind: 'c', layers: ['lstm_1', 'lstm_2'] },
    ],
    stateOutputs: [
      { name: 'h_n', kind: 'h', layers: ['lstm_1', 'lstm_2'] },
      { name: 'c_n', kind: 'c', layers: ['lstm_1', 'lstm_2'] },
    ],
  },
  rnn_reverse_lengths: {
    ...base,
    input: { name: 'x', type: 'features', size: 2 },
    sequenceLengths: { name: 'lengths' },
    layers: [
      {
        type: 'simpleRnn',
        name: 'rnn',
        units: 5,
        direction: 'reverse',
        returnSequences: true,
        paddedOutputs: 'previous',
        recurrentBias: true,
      },
      { type: 'dense', name: 'proj', units: 3, useBias: false },
    ],
    output: { name: 'y' },
    stateOutputs: [{ name: 'rnn_h', kind: 'h', layers: ['rnn'] }],
  },
  gru_reset_before_bidirectional_sum: {
    ...base,
    input: { name: 'x', type: 'features', size: 3 },
    sequenceLengths: { name: 'lengths' },
    layers: [
      {
        type: 'gru',
        name: 'gru',
        units: 4,
        resetAfter: false,
        recurrentBias: true,
        direction: 'bidirectional',
        mergeMode: 'sum',
        returnSequences: true,
        paddedOutputs: 'previous',
      },
    ],
    output: { name: 'y' },
    stateInputs: [{ name: 'h0', kind: 'h', layers: ['gru'] }],
    stateOutputs: [{ name: 'h_n', kind: 'h', layers: ['gru'] }],
  },
  lstm_peepholes_bidirectional_ave: {
    ...base,
    input: { name: 'x', type: 'features', size: 2 },
    layers: [
      {
        type: 'lstm',
        name: 'lstm',
        units: 3,
        peepholes: true,
        recurrentBias: true,
        direction: 'bidirectional',
        mergeMode: 'ave',
        returnSequences: true,
        recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
        activation: 'softsign',
      },
    ],
    output: { name: 'y' },
    stateOutputs: [
      { name: 'h_n', kind: 'h', layers: ['lstm'] },
      { name: 'c_n', kind: 'c', layers: ['lstm'] },
    ],
  },
  rnn_bidirectional_mul_last_no_bias: {
    ...base,
    input: { name: 'x', type: 'features', size: 4 },
    layers: [
      {
        type: 'simpleRnn',
        name: 'rnn',
        units: 3,
        direction: 'bidirectional',
        mergeMode: 'mul',
        useBias: false,
        activation: { name: 'leakyRelu', alpha: 0.1 },
      },
    ],
    output: { name: 'y' },
  },
  gru_activations_dense_chain: {
    ...base,
    input: { name: 'tokens', type: 'tokens', timeSteps: 5 },
    layers: [
      { type: 'embedding', name: 'embed', inputDim: 7, outputDim: 3 },
      {
        type: 'gru',
        name: 'gru',
        units: 3,
        resetAfter: true,
        returnSequences: true,
        recurrentActivation: { name: 'hardSigmoid', alpha: 1 / 6, beta: 0.5 },
        activation: { name: 'scaledTanh', alpha: 1.2, beta: 0.7 },
      },
      { type: 'dense', name: 'd1', units: 4, activation: { name: 'elu', alpha: 0.9 } },
      {
        type: 'dense',
        name: 'd2',
        units: 4,
        activation: { name: 'affine', alpha: 0.5, beta: 0.1 },
      },
      {
        type: 'dense',
        name: 'd3',
        units: 2,
        activation: { name: 'scaledTanh', alpha: 1.5, beta: 0.6 },
      },
    ],
    output: { name: 'out' },
  },
  lstm_last_dense_gemm: {
    ...base,
    input: { name: 'x', type: 'features', size: 2 },
    layers: [
      { type: 'lstm', name: 'encoder', units: 3, direction: 'reverse', activation: 'relu' },
      {
        type: 'dense',
        name: 'head',
        units: 2,
        activation: { name: 'thresholdedRelu', alpha: 0.1 },
      },
    ],
    output: { name: 'y' },
    stateInputs: [
      { name: 'h0', kind: 'h', layers: ['encoder'] },
      { name: 'c0', kind: 'c', layers: ['encoder'] },
    ],
  },
  bi_lstm_last_step_lengths: {
    ...base,
    input: { name: 'x', type: 'features', size: 3 },
    sequenceLengths: { name: 'lengths' },
    layers: [
      {
        type: 'lstm',
        name: 'lstm',
        units: 3,
        direction: 'bidirectional',
        returnSequences: true,
        paddedOutputs: 'zero',
        recurrentBias: true,
      },
      { type: 'selectStep', name: 'last', index: -1 },
      { type: 'dense', name: 'head', units: 2 },
    ],
    output: { name: 'y' },
  },
  gru_mean_real_mask_zero: {
    ...base,
    input: { name: 'ids', type: 'tokens' },
    layers: [
      { type: 'embedding', name: 'embed', inputDim: 9, outputDim: 3, maskZero: true },
      {
        type: 'gru',
        name: 'gru',
        units: 4,
        resetAfter: true,
        returnSequences: true,
        paddedOutputs: 'previous',
      },
      { type: 'pooling', name: 'pool', mode: 'mean', steps: 'real' },
      { type: 'dense', name: 'head', units: 2, activation: 'softmax' },
    ],
    output: { name: 'probabilities' },
  },
  rnn_bi_max_real_lengths: {
    ...base,
    input: { name: 'x', type: 'features', size: 2 },
    sequenceLengths: { name: 'lengths' },
    layers: [
      {
        type: 'simpleRnn',
        name: 'rnn',
        units: 3,
        direction: 'bidirectional',
        returnSequences: true,
        paddedOutputs: 'previous',
      },
      { type: 'pooling', name: 'pool', mode: 'max', steps: 'real' },
    ],
    output: { name: 'y' },
  },
  lstm_mean_max_all: {
    ...base,
    input: { name: 'x', type: 'features', size: 2 },
    sequenceLengths: { name: 'lengths' },
    layers: [
      { type: 'lstm', name: 'lstm', units: 3, returnSequences: true, paddedOutputs: 'zero' },
      { type: 'pooling', name: 'pool', mode: 'max', steps: 'all' },
      { type: 'dense', name: 'head', units: 2 },
    ],
    output: { name: 'y' },
  },
  stacked_lstm_log_softmax: {
    ...base,
    input: { name: 'x', type: 'features', size: 2 },
    layers: [
      { type: 'lstm', name: 'lstm_l0', units: 3, returnSequences: true, recurrentBias: true },
      { type: 'lstm', name: 'lstm_l1', units: 3, returnSequences: true, recurrentBias: true },
      { type: 'dense', name: 'head', units: 4, activation: 'logSoftmax' },
    ],
    output: { name: 'log_probabilities' },
  },
};
