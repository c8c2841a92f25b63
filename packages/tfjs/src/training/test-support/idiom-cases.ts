/**
 * Test-only: models with the issue 13 idioms (input maskValue with masked steps anywhere,
 * sequenceOrder 'processing', the activation layer, concatStates; and a bidirectional layer's
 * `backward` activations), each with the loss it trains
 * with, for comparing the tfjs trainer's gradients with core's float64 reference trainer.
 */
import type { LayerSpec, LossConfig, ModelSpec, NamedTensors, Tensor } from '@rnnkit/core';
import { seededFeatures } from '../../test-support/seeded-weights.js';

export interface IdiomCase {
  name: string;
  spec: ModelSpec;
  inputs: NamedTensors;
  loss: LossConfig;
}

const BATCH = 3;
const TIME = 5;
const SIZE = 3;
const MASK = -1;

function spec(layers: LayerSpec[], extra: Partial<ModelSpec> = {}): ModelSpec {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size: SIZE },
    layers,
    output: { name: 'y' },
    ...extra,
  };
}

const masked = { input: { name: 'x', type: 'features', size: SIZE, maskValue: MASK } } as const;

/** Every feature of these (example, step) pairs is MASK: inside, at the start and at the end. */
function maskedFeatures(): Tensor {
  const x = seededFeatures(BATCH, TIME, SIZE, 31);
  for (const [b, t] of [
    [0, 1],
    [0, 2],
    [1, 0],
    [1, 4],
    [2, 3],
  ])
    x.data.fill(MASK, (b * TIME + t) * SIZE, (b * TIME + t + 1) * SIZE);
  return x;
}

const plain = () => ({ x: seededFeatures(BATCH, TIME, SIZE, 32) });
const lengths: Tensor<'int32'> = {
  dtype: 'int32',
  shape: [BATCH],
  data: Int32Array.from([TIME, 2, 4]),
};

export const IDIOM_CASES: IdiomCase[] = [
  ...(['zero', 'previous'] as const).map((paddedOutputs) => ({
    name: `maskValue: lstm (${paddedOutputs}) per-step dense, masked steps inside sequences`,
    spec: spec(
      [
        { type: 'lstm', name: 'lstm', units: 4, returnSequences: true, paddedOutputs },
        { type: 'dense', name: 'out', units: 2 },
      ],
      masked,
    ),
    inputs: { x: maskedFeatures() },
    loss: { name: 'meanSquaredError' } as LossConfig,
  })),
  {
    name: 'maskValue: bidirectional gru final state, sigmoid dense',
    spec: spec(
      [
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
      masked,
    ),
    inputs: { x: maskedFeatures() },
    loss: { name: 'binaryCrossentropy' },
  },
  ...(['zero', 'previous'] as const).map((paddedOutputs) => ({
    name: `sequenceOrder processing: reverse lstm (${paddedOutputs}) per-step dense, maskValue`,
    spec: spec(
      [
        {
          type: 'lstm',
          name: 'lstm',
          units: 3,
          direction: 'reverse',
          returnSequences: true,
          sequenceOrder: 'processing',
          paddedOutputs,
        },
        { type: 'dense', name: 'out', units: 2 },
      ],
      masked,
    ),
    inputs: { x: maskedFeatures() },
    loss: { name: 'meanSquaredError' } as LossConfig,
  })),
  {
    name: 'sequenceOrder processing: reverse gru, selectStep 1, softmax',
    spec: spec([
      {
        type: 'gru',
        name: 'gru',
        units: 3,
        resetAfter: true,
        direction: 'reverse',
        returnSequences: true,
        sequenceOrder: 'processing',
      },
      { type: 'selectStep', name: 'pick', index: 1 },
      { type: 'dense', name: 'out', units: 3, activation: 'softmax' },
    ]),
    inputs: plain(),
    loss: { name: 'categoricalCrossentropy' },
  },
  ...(['tanh', 'relu', { name: 'thresholdedRelu', alpha: 0.1 }] as const).map((activation) => ({
    name: `activation layer ${JSON.stringify(activation)} after an lstm's last output`,
    spec: spec([
      { type: 'lstm', name: 'lstm', units: 4 },
      { type: 'activation', name: 'act', activation },
      { type: 'dense', name: 'out', units: 2 },
    ]),
    inputs: plain(),
    loss: { name: 'meanSquaredError' } as LossConfig,
  })),
  {
    name: 'activation layer tanh over a padded sequence (lengths, previous)',
    spec: spec(
      [
        {
          type: 'gru',
          name: 'gru',
          units: 3,
          resetAfter: true,
          returnSequences: true,
          paddedOutputs: 'previous',
        },
        { type: 'activation', name: 'act', activation: 'tanh' },
        { type: 'dense', name: 'out', units: 2 },
      ],
      { sequenceLengths: { name: 'lengths' } },
    ),
    inputs: { ...plain(), lengths },
    loss: { name: 'meanSquaredError' },
  },
  ...(
    [
      ['sigmoid', { name: 'binaryCrossentropy' }],
      ['softmax', { name: 'sparseCategoricalCrossentropy' }],
      ['softmax', { name: 'categoricalCrossentropy', probabilityClipping: 'keras' }],
      ['logSoftmax', { name: 'sparseCategoricalCrossentropy' }],
    ] as const
  ).map(([activation, loss]) => ({
    name: `final activation layer ${activation} after a linear dense, ${JSON.stringify(loss)}`,
    spec: spec([
      { type: 'gru', name: 'gru', units: 3, resetAfter: true },
      { type: 'dense', name: 'out', units: 3 },
      { type: 'activation', name: 'act', activation },
    ]),
    inputs: plain(),
    loss: loss as LossConfig,
  })),
  {
    name: 'concatStates h of a bidirectional gru (torch.cat((h_n[-2], h_n[-1]), 1)), dense',
    spec: spec([
      {
        type: 'gru',
        name: 'gru',
        units: 3,
        resetAfter: true,
        recurrentBias: true,
        direction: 'bidirectional',
        returnSequences: true,
      },
      { type: 'concatStates', name: 'cat', kind: 'h', layers: ['gru'] },
      { type: 'dense', name: 'out', units: 2 },
    ]),
    inputs: plain(),
    loss: { name: 'binaryCrossentropy', fromLogits: true },
  },
  ...(['h', 'c'] as const).map((kind) => ({
    name: `concatStates ${kind} of two stacked lstms (second listed first), with lengths`,
    spec: spec(
      [
        {
          type: 'lstm',
          name: 'l1',
          units: 3,
          direction: 'bidirectional',
          returnSequences: true,
          paddedOutputs: 'zero',
        },
        { type: 'lstm', name: 'l2', units: 3 },
        { type: 'concatStates', name: 'cat', kind, layers: ['l2', 'l1'] },
        { type: 'dense', name: 'out', units: 2 },
      ],
      { sequenceLengths: { name: 'lengths' } },
    ),
    inputs: { ...plain(), lengths },
    loss: { name: 'meanSquaredError' } as LossConfig,
  })),
  {
    name: 'concatStates h of a bidirectional lstm under maskValue, softmax',
    spec: spec(
      [
        { type: 'lstm', name: 'lstm', units: 3, direction: 'bidirectional' },
        { type: 'concatStates', name: 'cat', kind: 'h', layers: ['lstm'] },
        { type: 'dense', name: 'out', units: 3, activation: 'softmax' },
      ],
      masked,
    ),
    inputs: { x: maskedFeatures() },
    loss: { name: 'categoricalCrossentropy' },
  },
  {
    name: 'backward activations: bidirectional gru, backward relu, with lengths',
    spec: spec(
      [
        {
          type: 'gru',
          name: 'gru',
          units: 3,
          resetAfter: true,
          recurrentBias: true,
          direction: 'bidirectional',
          backward: { activation: 'relu' },
        },
        { type: 'dense', name: 'out', units: 2 },
      ],
      { sequenceLengths: { name: 'lengths' } },
    ),
    inputs: { ...plain(), lengths },
    loss: { name: 'meanSquaredError' } as LossConfig,
  },
  {
    name: 'backward activations: bidirectional lstm, backward softsign + hardSigmoid gates',
    spec: spec([
      {
        type: 'lstm',
        name: 'lstm',
        units: 3,
        direction: 'bidirectional',
        returnSequences: true,
        backward: {
          activation: 'softsign',
          recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
        },
      },
      { type: 'dense', name: 'out', units: 2 },
    ]),
    inputs: plain(),
    loss: { name: 'meanSquaredError' } as LossConfig,
  },
];
