/**
 * Keras idioms in spec form (issue 13), on every backend against the reference executor:
 * a features `maskValue` (Keras Masking) with masked steps at the end (every backend) and inside
 * sequences (ORT refuses those by name: ONNX has only sequence_lens), `activation` layers
 * after recurrent layers and pooling, and reverse layers returning their sequence in processing
 * order (Keras go_backwards with return_sequences). The same idioms in real and Keras 3 files are
 * in the keras group (independent/*.json).
 */
import { float32Tensor, type LayerSpec, type ModelSpec, type NamedTensors } from '@rnnkit/core';
import type { MatrixCase } from 'rnnkit';
import { createRandom } from './random.js';
import { randomWeights } from './random-model.js';
import { referenceCase } from './reference-case.js';

const MASK = -1;
const BATCH = 3;
const TIME = 6;
const SIZE = 3;

function model(id: string, layers: LayerSpec[], maskValue?: number): ModelSpec {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    name: id,
    input: {
      name: 'x',
      type: 'features',
      size: SIZE,
      ...(maskValue !== undefined ? { maskValue } : {}),
    },
    layers,
    output: { name: 'y' },
  };
}

const sequence = (type: 'lstm' | 'simpleRnn', paddedOutputs: 'zero' | 'previous'): LayerSpec => ({
  type,
  name: type,
  units: 4,
  returnSequences: true,
  paddedOutputs,
});

const cases: [ModelSpec, 'suffix' | 'inside' | 'none'][] = [
  [
    model('keras-idiom-mask-value-lstm-last', [{ type: 'lstm', name: 'lstm', units: 4 }], MASK),
    'suffix',
  ],
  [
    model(
      'keras-idiom-mask-value-bi-gru-sequence',
      [
        {
          type: 'gru',
          name: 'gru',
          units: 3,
          resetAfter: true,
          recurrentBias: true,
          direction: 'bidirectional',
          returnSequences: true,
          paddedOutputs: 'zero',
        },
        { type: 'dense', name: 'head', units: 2 },
      ],
      MASK,
    ),
    'suffix',
  ],
  [model('keras-idiom-mask-value-inside-previous', [sequence('lstm', 'previous')], MASK), 'inside'],
  [
    model(
      'keras-idiom-mask-value-inside-pool-real',
      [
        sequence('simpleRnn', 'zero'),
        { type: 'pooling', name: 'pool', mode: 'mean', steps: 'real' },
      ],
      MASK,
    ),
    'inside',
  ],
  [
    model(
      'keras-idiom-activation-after-sequence',
      [sequence('lstm', 'previous'), { type: 'activation', name: 'act', activation: 'relu' }],
      MASK,
    ),
    'suffix',
  ],
  [
    model(
      'keras-idiom-go-backwards-sequence-masked',
      [
        {
          type: 'gru',
          name: 'gru',
          units: 3,
          resetAfter: true,
          recurrentBias: true,
          direction: 'reverse',
          returnSequences: true,
          paddedOutputs: 'previous',
          sequenceOrder: 'processing',
        },
        { type: 'dense', name: 'head', units: 2 },
      ],
      MASK,
    ),
    'suffix',
  ],
  [
    model('keras-idiom-go-backwards-sequence-stacked', [
      {
        type: 'simpleRnn',
        name: 'rnn',
        units: 4,
        direction: 'reverse',
        returnSequences: true,
        sequenceOrder: 'processing',
      },
      { type: 'lstm', name: 'lstm', units: 3 },
    ]),
    'none',
  ],
  [
    model('keras-idiom-activation-softmax-after-rnn', [
      {
        type: 'simpleRnn',
        name: 'rnn',
        units: 4,
        direction: 'bidirectional',
        returnSequences: true,
      },
      { type: 'activation', name: 'act', activation: 'softmax' },
    ]),
    'none',
  ],
  [
    model('keras-idiom-activation-after-pooling-and-step', [
      sequence('lstm', 'zero'),
      { type: 'pooling', name: 'pool', mode: 'max', steps: 'all' },
      {
        type: 'activation',
        name: 'act',
        activation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
      },
      { type: 'activation', name: 'act2', activation: 'tanh' },
    ]),
    'none',
  ],
];

/** Features in [-2, 2) with whole masked steps (every feature = MASK) where `layout` says. */
function inputs(layout: 'suffix' | 'inside' | 'none', seed: number): NamedTensors {
  const random = createRandom(seed);
  const data = Array.from({ length: BATCH * TIME * SIZE }, () => random.uniform(-2, 2));
  const mask = (b: number, t: number) =>
    data.fill(MASK, (b * TIME + t) * SIZE, (b * TIME + t + 1) * SIZE);
  if (layout === 'suffix') {
    for (let t = 4; t < TIME; t++) mask(1, t);
    for (let t = 1; t < TIME; t++) mask(2, t);
    data[0] = MASK; // one feature equal to the value: a real step
  } else if (layout === 'inside') {
    mask(0, 0);
    mask(1, 2);
    mask(1, 3);
    mask(2, TIME - 1);
  }
  return { x: float32Tensor([BATCH, TIME, SIZE], data) };
}

export function kerasIdiomCases(): MatrixCase[] {
  return cases.map(([spec, layout], index) => {
    const random = createRandom(7700 + index * 13);
    return referenceCase({
      id: spec.name as string,
      group: 'idioms',
      description: `${spec.input.type === 'features' && spec.input.maskValue !== undefined ? `maskValue (${layout}) > ` : ''}${spec.layers.map((layer) => layer.type).join(' > ')}`,
      model: { spec, weights: randomWeights(spec, random) },
      inputs: inputs(layout, 99 + index),
    });
  });
}
