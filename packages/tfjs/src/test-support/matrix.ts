/**
 * Test-only: the spec matrix every tfjs backend is compared with the reference on. Each case is
 * small (batch 3, up to 6 steps, a few units) so the whole matrix runs in seconds per backend.
 */
import type {
  Activation,
  LayerSpec,
  ModelSpec,
  NamedTensors,
  RecurrentLayer,
  Tensor,
} from '@rnnkit/core';
import { seededFeatures, seededRandom } from './seeded-weights.js';

export interface MatrixCase {
  name: string;
  spec: ModelSpec;
  inputs: NamedTensors;
  /** Uniform filler scale; smaller for activations that grow fast (exponential). */
  scale?: number;
  /** Skip the Keras-initialised weight set (exponential overflows to Infinity with it). */
  uniformWeightsOnly?: boolean;
}

const BATCH = 3;
const TIME = 6;
const SIZE = 3;

function featureSpec(layers: LayerSpec[], extra: Partial<ModelSpec> = {}): ModelSpec {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size: SIZE },
    layers,
    output: { name: 'y' },
    ...extra,
  };
}

function features(): NamedTensors {
  return { x: seededFeatures(BATCH, TIME, SIZE) };
}

/** Token ids in [0, vocab) with some zeros (padding under maskZero), including a leading zero. */
export function tokens(vocab: number, seed = 11): Tensor<'int32'> {
  const random = seededRandom(seed);
  const data = new Int32Array(BATCH * TIME);
  for (let i = 0; i < data.length; i++)
    data[i] = random() < 0.25 ? 0 : 1 + Math.floor(random() * (vocab - 1));
  data[0] = 0;
  data[TIME * 2 - 1] = 0;
  return { dtype: 'int32', shape: [BATCH, TIME], data };
}

const lengths: Tensor<'int32'> = {
  dtype: 'int32',
  shape: [BATCH],
  data: Int32Array.from([TIME, 2, 4]),
};

const hardSigmoidKeras2: Activation = { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 };
const hardSigmoidKeras3: Activation = { name: 'hardSigmoid', alpha: 1 / 6, beta: 0.5 };

function rnn(type: RecurrentLayer['type'], extra: Partial<RecurrentLayer> = {}): RecurrentLayer {
  const base = { name: `${type}_0`, units: 4, returnSequences: true, ...extra };
  return (
    type === 'gru' ? { type, resetAfter: true, ...base } : { type, ...base }
  ) as RecurrentLayer;
}

const unidirectional = (['simpleRnn', 'lstm', 'gru'] as const).flatMap((type) =>
  (['forward', 'reverse'] as const).flatMap((direction) =>
    [true, false].map(
      (returnSequences): MatrixCase => ({
        name: `${type} ${direction} returnSequences=${returnSequences}`,
        spec: featureSpec([rnn(type, { direction, returnSequences })]),
        inputs: features(),
      }),
    ),
  ),
);

const bidirectional = (['concat', 'sum', 'ave', 'mul'] as const).flatMap((mergeMode) =>
  (['simpleRnn', 'lstm', 'gru'] as const).map(
    (type, index): MatrixCase => ({
      name: `${type} bidirectional ${mergeMode} returnSequences=${index !== 1}`,
      spec: featureSpec([
        rnn(type, { direction: 'bidirectional', mergeMode, returnSequences: index !== 1 }),
      ]),
      inputs: features(),
    }),
  ),
);

const gruVariants: MatrixCase[] = [true, false].flatMap((resetAfter) =>
  [true, false].flatMap((recurrentBias) =>
    [undefined, hardSigmoidKeras2].map(
      (recurrentActivation): MatrixCase => ({
        name: `gru resetAfter=${resetAfter} recurrentBias=${recurrentBias} recurrentActivation=${JSON.stringify(recurrentActivation ?? 'sigmoid')}`,
        spec: featureSpec([
          {
            type: 'gru',
            name: 'gru',
            units: 5,
            resetAfter,
            recurrentBias,
            returnSequences: true,
            ...(recurrentActivation ? { recurrentActivation } : {}),
          },
        ]),
        inputs: features(),
      }),
    ),
  ),
);

const lstmVariants: MatrixCase[] = [
  {
    name: 'lstm peepholes recurrentBias',
    spec: featureSpec([
      {
        type: 'lstm',
        name: 'lstm',
        units: 4,
        peepholes: true,
        recurrentBias: true,
        returnSequences: true,
      },
    ]),
    inputs: features(),
  },
  {
    name: 'lstm peepholes bidirectional with lengths',
    spec: featureSpec(
      [{ type: 'lstm', name: 'lstm', units: 3, peepholes: true, direction: 'bidirectional' }],
      {
        sequenceLengths: { name: 'lengths' },
      },
    ),
    inputs: { ...features(), lengths },
  },
  {
    name: 'lstm hardSigmoid (Keras 3) recurrent activation, relu activation, no bias',
    spec: featureSpec([
      {
        type: 'lstm',
        name: 'lstm',
        units: 4,
        recurrentActivation: hardSigmoidKeras3,
        activation: 'relu',
        useBias: false,
        returnSequences: true,
      },
    ]),
    inputs: features(),
  },
  {
    name: 'lstm hardSigmoid (Keras 2) recurrent activation',
    spec: featureSpec([
      { type: 'lstm', name: 'lstm', units: 4, recurrentActivation: hardSigmoidKeras2 },
    ]),
    inputs: features(),
  },
];

const activations: Activation[] = [
  'linear',
  'relu',
  'tanh',
  'sigmoid',
  'softsign',
  'softplus',
  'exponential',
  hardSigmoidKeras2,
  hardSigmoidKeras3,
  { name: 'leakyRelu', alpha: 0.3 },
  { name: 'thresholdedRelu', alpha: 0.1 },
  { name: 'elu', alpha: 0.5 },
  { name: 'elu', alpha: 1 },
  { name: 'affine', alpha: 0.7, beta: 0.1 },
  { name: 'scaledTanh', alpha: 1.5, beta: 0.6 },
];

const activationCases: MatrixCase[] = activations.map((activation) => ({
  name: `simpleRnn + dense activation ${JSON.stringify(activation)}`,
  spec: featureSpec([
    rnn('simpleRnn', { activation }),
    { type: 'dense', name: 'dense', units: 3, activation: activation },
  ]),
  inputs: features(),
  scale: 0.3,
  uniformWeightsOnly: activation === 'exponential',
}));

const stacks: MatrixCase[] = [
  {
    name: 'embedding(maskZero) > lstm > dropout > bidirectional gru > dense softmax',
    spec: {
      format: 'rnnkit-model',
      formatVersion: 1,
      input: { name: 'tokens', type: 'tokens' },
      layers: [
        { type: 'embedding', name: 'embedding', inputDim: 9, outputDim: 4, maskZero: true },
        { type: 'lstm', name: 'lstm', units: 5, returnSequences: true, paddedOutputs: 'previous' },
        { type: 'dropout', name: 'dropout', rate: 0.5 },
        {
          type: 'gru',
          name: 'gru',
          units: 3,
          resetAfter: false,
          direction: 'bidirectional',
          mergeMode: 'sum',
        },
        { type: 'dense', name: 'dense', units: 9, activation: 'softmax' },
      ],
      output: { name: 'probabilities' },
    },
    inputs: { tokens: tokens(9) },
  },
  {
    name: 'embedding > gru (sequences) > dense per step, with lengths and maskZero',
    spec: {
      format: 'rnnkit-model',
      formatVersion: 1,
      input: { name: 'tokens', type: 'tokens' },
      sequenceLengths: { name: 'lengths' },
      layers: [
        { type: 'embedding', name: 'embedding', inputDim: 7, outputDim: 3, maskZero: true },
        {
          type: 'gru',
          name: 'gru',
          units: 4,
          resetAfter: true,
          returnSequences: true,
          paddedOutputs: 'previous',
          direction: 'reverse',
        },
        { type: 'dense', name: 'dense', units: 7 },
      ],
      output: { name: 'logits' },
    },
    inputs: { tokens: tokens(7, 3), lengths },
  },
  {
    name: 'three stacked bidirectional layers with lengths (concat, mul, ave)',
    spec: featureSpec(
      [
        rnn('lstm', {
          name: 'l1',
          direction: 'bidirectional',
          mergeMode: 'concat',
          paddedOutputs: 'zero',
        }),
        rnn('gru', {
          name: 'l2',
          direction: 'bidirectional',
          mergeMode: 'mul',
          paddedOutputs: 'previous',
        }),
        rnn('simpleRnn', {
          name: 'l3',
          direction: 'bidirectional',
          mergeMode: 'ave',
          returnSequences: false,
        }),
      ],
      { sequenceLengths: { name: 'lengths' } },
    ),
    inputs: { ...features(), lengths },
  },
  {
    name: 'bidirectional lstm, last position (selectStep -1) and a dense head, with lengths',
    spec: featureSpec(
      [
        rnn('lstm', { direction: 'bidirectional', paddedOutputs: 'zero' }),
        { type: 'selectStep', name: 'last', index: -1 },
        { type: 'dense', name: 'head', units: 2 },
      ],
      { sequenceLengths: { name: 'lengths' } },
    ),
    inputs: { ...features(), lengths },
  },
  {
    name: 'stacked lstm, per-step dense logSoftmax head',
    spec: featureSpec([
      rnn('lstm', { name: 'l1' }),
      rnn('lstm', { name: 'l2' }),
      { type: 'dense', name: 'head', units: 5, activation: 'logSoftmax' },
    ]),
    inputs: features(),
  },
  {
    name: 'gru, first position (selectStep 0)',
    spec: featureSpec([rnn('gru'), { type: 'selectStep', name: 'first', index: 0 }]),
    inputs: features(),
  },
  ...(['mean', 'max'] as const).flatMap((mode) =>
    (['all', 'real'] as const).map(
      (steps): MatrixCase => ({
        name: `pooling ${mode} over ${steps} steps after a bidirectional gru (previous), with lengths`,
        spec: featureSpec(
          [
            rnn('gru', { direction: 'bidirectional', paddedOutputs: 'previous' }),
            { type: 'pooling', name: 'pool', mode, steps },
          ],
          { sequenceLengths: { name: 'lengths' } },
        ),
        inputs: { ...features(), lengths },
      }),
    ),
  ),
  {
    name: 'embedding(maskZero) > simpleRnn (zero) > real-step max pooling > dense',
    spec: {
      format: 'rnnkit-model',
      formatVersion: 1,
      input: { name: 'tokens', type: 'tokens' },
      layers: [
        { type: 'embedding', name: 'embedding', inputDim: 7, outputDim: 3, maskZero: true },
        rnn('simpleRnn', { paddedOutputs: 'zero' }),
        { type: 'pooling', name: 'pool', mode: 'max', steps: 'real' },
        { type: 'dense', name: 'dense', units: 2 },
      ],
      output: { name: 'out' },
    },
    inputs: { tokens: tokens(7) },
  },
  {
    name: 'state inputs and outputs (PyTorch h0/h_n layout over two layers)',
    spec: featureSpec(
      [rnn('gru', { name: 'g1' }), rnn('gru', { name: 'g2', returnSequences: false })],
      {
        stateInputs: [{ name: 'h0', kind: 'h', layers: ['g1', 'g2'] }],
        stateOutputs: [{ name: 'hn', kind: 'h', layers: ['g1', 'g2'] }],
      },
    ),
    inputs: { ...features(), h0: seededFeatures(2, BATCH, 4, 5) },
  },
  {
    name: 'lstm h and c state inputs, bidirectional',
    spec: featureSpec([rnn('lstm', { name: 'lstm', direction: 'bidirectional' })], {
      stateInputs: [
        { name: 'h0', kind: 'h', layers: ['lstm'] },
        { name: 'c0', kind: 'c', layers: ['lstm'] },
      ],
      stateOutputs: [
        { name: 'hn', kind: 'h', layers: ['lstm'] },
        { name: 'cn', kind: 'c', layers: ['lstm'] },
      ],
    }),
    inputs: {
      ...features(),
      h0: seededFeatures(2, BATCH, 4, 8),
      c0: seededFeatures(2, BATCH, 4, 9),
    },
  },
];

export const MATRIX: MatrixCase[] = [
  ...unidirectional,
  ...bidirectional,
  ...gruVariants,
  ...lstmVariants,
  ...activationCases,
  ...stacks,
];
