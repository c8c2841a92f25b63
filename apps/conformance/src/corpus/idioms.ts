/**
 * The glue real models put around recurrent layers (issue 13), each on padded inputs so every
 * position matters: a bidirectional layer's last position (selectStep) and its final states,
 * mean and max pooling over all or real steps, both paddedOutputs, with lengths and maskZero,
 * and bidirectional layers whose backward direction has its own activations.
 * Expected values from the reference executor; the PyTorch-recorded versions of these idioms are
 * in the torch-export group.
 */
import type { LayerSpec, ModelSpec } from '@rnnkit/core';
import type { MatrixCase } from 'rnnkit';
import { createRandom } from './random.js';
import { randomInputs, randomWeights } from './random-model.js';
import { referenceCase } from './reference-case.js';

const base = { format: 'rnnkit-model', formatVersion: 1 } as const;

function featureModel(id: string, layers: LayerSpec[]): ModelSpec {
  return {
    ...base,
    name: id,
    input: { name: 'x', type: 'features', size: 3 },
    sequenceLengths: { name: 'lengths' },
    layers,
    output: { name: 'y' },
  };
}

function tokenModel(id: string, layers: LayerSpec[]): ModelSpec {
  return {
    ...base,
    name: id,
    input: { name: 'tokens', type: 'tokens' },
    layers: [
      { type: 'embedding', name: 'embedding', inputDim: 9, outputDim: 3, maskZero: true },
      ...layers,
    ],
    output: { name: 'y' },
  };
}

const specs: ModelSpec[] = [
  featureModel('idiom-bi-lstm-last-step', [
    {
      type: 'lstm',
      name: 'lstm',
      units: 4,
      direction: 'bidirectional',
      returnSequences: true,
      paddedOutputs: 'zero',
      recurrentBias: true,
    },
    { type: 'selectStep', name: 'last', index: -1 },
    { type: 'dense', name: 'head', units: 3 },
  ]),
  featureModel('idiom-bi-gru-final-states-concat', [
    {
      type: 'gru',
      name: 'gru_l0',
      units: 3,
      resetAfter: true,
      direction: 'bidirectional',
      returnSequences: true,
      paddedOutputs: 'zero',
      recurrentBias: true,
    },
    {
      type: 'gru',
      name: 'gru_l1',
      units: 3,
      resetAfter: true,
      direction: 'bidirectional',
      recurrentBias: true,
    },
    { type: 'dense', name: 'head', units: 2, activation: 'softmax' },
  ]),
  featureModel('idiom-gru-first-step', [
    {
      type: 'gru',
      name: 'gru',
      units: 3,
      resetAfter: false,
      returnSequences: true,
      paddedOutputs: 'previous',
    },
    { type: 'selectStep', name: 'first', index: 0 },
  ]),
  ...(['mean', 'max'] as const).flatMap((mode) =>
    (['all', 'real'] as const).flatMap((steps) => [
      featureModel(`idiom-bi-rnn-${mode}-${steps}-previous`, [
        {
          type: 'simpleRnn',
          name: 'rnn',
          units: 4,
          direction: 'bidirectional',
          returnSequences: true,
          paddedOutputs: 'previous',
        },
        { type: 'pooling', name: 'pool', mode, steps },
        { type: 'dense', name: 'head', units: 2 },
      ]),
      tokenModel(`idiom-mask-zero-lstm-${mode}-${steps}-zero`, [
        { type: 'lstm', name: 'lstm', units: 3, returnSequences: true, paddedOutputs: 'zero' },
        { type: 'pooling', name: 'pool', mode, steps },
      ]),
    ]),
  ),
  tokenModel('idiom-mask-zero-stacked-previous-then-zero', [
    {
      type: 'gru',
      name: 'g1',
      units: 3,
      resetAfter: true,
      returnSequences: true,
      paddedOutputs: 'previous',
    },
    {
      type: 'gru',
      name: 'g2',
      units: 3,
      resetAfter: true,
      direction: 'bidirectional',
      returnSequences: true,
      paddedOutputs: 'zero',
    },
    { type: 'dense', name: 'per_step', units: 4 },
  ]),
  // Final states of every layer and direction side by side (PyTorch's h_n / c_n order), with
  // lengths and with maskZero: each state is the one after the example's last real step.
  featureModel('idiom-concat-states-bi-lstm-cells-head', [
    {
      type: 'lstm',
      name: 'l0',
      units: 3,
      direction: 'bidirectional',
      returnSequences: true,
      paddedOutputs: 'zero',
    },
    { type: 'lstm', name: 'l1', units: 2, returnSequences: false },
    { type: 'concatStates', name: 'cells', kind: 'c', layers: ['l0', 'l1'] },
    { type: 'dense', name: 'head', units: 2, activation: 'tanh' },
  ]),
  tokenModel('idiom-mask-zero-concat-states-gru-reversed-order', [
    {
      type: 'gru',
      name: 'g1',
      units: 3,
      resetAfter: false,
      returnSequences: true,
      paddedOutputs: 'previous',
    },
    { type: 'gru', name: 'g2', units: 2, resetAfter: true, direction: 'bidirectional' },
    { type: 'dropout', name: 'drop', rate: 0.2 },
    { type: 'concatStates', name: 'hidden', kind: 'h', layers: ['g2', 'g1'] },
  ]),
  // Bidirectional layers whose backward direction has its own activations (ONNX per-direction
  // `activations`, Keras backward_layer): forward tanh/sigmoid, backward relu/hardSigmoid.
  featureModel('idiom-bi-lstm-backward-activations-sequence', [
    {
      type: 'lstm',
      name: 'lstm',
      units: 4,
      direction: 'bidirectional',
      returnSequences: true,
      paddedOutputs: 'zero',
      backward: {
        activation: 'relu',
        recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
      },
    },
    { type: 'dense', name: 'head', units: 2 },
  ]),
  featureModel('idiom-bi-gru-backward-activations-last', [
    {
      type: 'gru',
      name: 'gru',
      units: 3,
      resetAfter: true,
      recurrentBias: true,
      direction: 'bidirectional',
      mergeMode: 'sum',
      backward: {
        activation: 'relu',
        recurrentActivation: { name: 'hardSigmoid', alpha: 1 / 6, beta: 0.5 },
      },
    },
  ]),
  tokenModel('idiom-mask-zero-bi-rnn-backward-relu', [
    {
      type: 'simpleRnn',
      name: 'rnn',
      units: 3,
      direction: 'bidirectional',
      returnSequences: true,
      paddedOutputs: 'previous',
      backward: { activation: 'relu' },
    },
    { type: 'pooling', name: 'pool', mode: 'max', steps: 'real' },
  ]),
];

export function idiomCases(): MatrixCase[] {
  return specs.map((spec, index) => {
    const random = createRandom(4242 + index * 31);
    const model = { spec, weights: randomWeights(spec, random) };
    // Post-padded masks: ONNX expresses only those, and they are what real pipelines feed.
    const inputs = randomInputs(model, random, { batch: 3, time: 5, postPaddedMask: true });
    return referenceCase({
      id: spec.name as string,
      group: 'idioms',
      description: spec.layers.map((layer) => layer.type).join(' > '),
      model,
      inputs,
    });
  });
}
