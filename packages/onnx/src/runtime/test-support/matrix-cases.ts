/**
 * The spec models the ORT runner is compared on against the reference executor: every layer
 * type, every direction and merge, biases on and off, peepholes, both GRU reset placements,
 * non-default activations, stacking, sequence lengths, maskZero and initial state.
 */
import type {
  Activation,
  LayerSpec,
  ModelSpec,
  NamedTensors,
  RecurrentLayer,
  RunOptions,
  Tensor,
} from '@rnnkit/core';
import { featureSpec, randomFeatures, seeded, tokenSpec } from './models.js';

export interface MatrixCase {
  name: string;
  spec: ModelSpec;
  inputs: NamedTensors;
  options?: RunOptions;
}

const BATCH = 3;
const TIME = 6;
const SIZE = 3;

type RecurrentType = 'simpleRnn' | 'lstm' | 'gruBefore' | 'gruAfter';

function recurrent(
  type: RecurrentType,
  name: string,
  units: number,
  extra: Partial<RecurrentLayer> = {},
): LayerSpec {
  if (type === 'gruBefore')
    return { type: 'gru', name, units, resetAfter: false, ...extra } as LayerSpec;
  if (type === 'gruAfter')
    return { type: 'gru', name, units, resetAfter: true, ...extra } as LayerSpec;
  return { type, name, units, ...extra } as LayerSpec;
}

function features(seed: number, batch = BATCH, time = TIME): NamedTensors {
  return { x: randomFeatures([batch, time, SIZE], seed) };
}

function randomState(shape: number[], seed: number): Tensor<'float32'> {
  const random = seeded(seed);
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = random() * 1.6 - 0.8;
  return { dtype: 'float32', shape, data };
}

export function matrixCases(): MatrixCase[] {
  const cases: MatrixCase[] = [];
  let seed = 100;
  const types: RecurrentType[] = ['simpleRnn', 'lstm', 'gruBefore', 'gruAfter'];

  for (const type of types) {
    for (const direction of ['forward', 'reverse', 'bidirectional'] as const) {
      for (const returnSequences of [true, false]) {
        cases.push({
          name: `${type} ${direction} ${returnSequences ? 'sequence' : 'last'}`,
          spec: featureSpec(SIZE, [recurrent(type, 'rnn', 4, { direction, returnSequences })]),
          inputs: features(seed++),
        });
      }
    }
    cases.push({
      name: `${type} recurrentBias`,
      spec: featureSpec(SIZE, [
        recurrent(type, 'rnn', 4, { recurrentBias: true, returnSequences: true }),
      ]),
      inputs: features(seed++),
    });
    cases.push({
      name: `${type} no bias`,
      spec: featureSpec(SIZE, [
        recurrent(type, 'rnn', 4, { useBias: false, direction: 'bidirectional' }),
      ]),
      inputs: features(seed++),
    });
  }

  for (const mergeMode of ['sum', 'ave', 'mul'] as const) {
    for (const type of ['lstm', 'gruAfter'] as const) {
      for (const returnSequences of [true, false]) {
        cases.push({
          name: `${type} bidirectional merge ${mergeMode} ${returnSequences ? 'sequence' : 'last'}`,
          spec: featureSpec(SIZE, [
            recurrent(type, 'rnn', 4, { direction: 'bidirectional', mergeMode, returnSequences }),
          ]),
          inputs: features(seed++),
        });
      }
    }
  }

  for (const direction of ['forward', 'bidirectional'] as const) {
    cases.push({
      name: `lstm peepholes ${direction}`,
      spec: featureSpec(SIZE, [
        {
          type: 'lstm',
          name: 'rnn',
          units: 4,
          peepholes: true,
          recurrentBias: true,
          direction,
          returnSequences: true,
        },
      ]),
      inputs: features(seed++),
    });
  }

  const activations: [string, RecurrentType, Activation, Activation | undefined][] = [
    ['simpleRnn relu', 'simpleRnn', 'relu', undefined],
    ['simpleRnn leakyRelu', 'simpleRnn', { name: 'leakyRelu', alpha: 0.1 }, undefined],
    [
      'lstm hardSigmoid gates (Keras 2)',
      'lstm',
      'tanh',
      { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
    ],
    [
      'lstm softsign + scaledTanh',
      'lstm',
      'softsign',
      { name: 'scaledTanh', alpha: 0.9, beta: 1.1 },
    ],
    ['gru elu + affine-free sigmoid', 'gruAfter', { name: 'elu', alpha: 0.7 }, 'sigmoid'],
    ['gru linear', 'gruBefore', 'linear', { name: 'hardSigmoid', alpha: 1 / 6, beta: 0.5 }],
  ];
  for (const [name, type, activation, recurrentActivation] of activations) {
    const extra: Record<string, unknown> = { activation, returnSequences: true };
    if (recurrentActivation) extra.recurrentActivation = recurrentActivation;
    cases.push({
      name: `activation: ${name}`,
      spec: featureSpec(SIZE, [recurrent(type, 'rnn', 4, extra as Partial<RecurrentLayer>)]),
      inputs: features(seed++),
    });
  }

  cases.push({
    name: 'stack: bidirectional lstm -> gru -> simpleRnn -> dense softmax',
    spec: featureSpec(SIZE, [
      recurrent('lstm', 'l1', 5, { direction: 'bidirectional', returnSequences: true }),
      { type: 'dropout', name: 'drop', rate: 0.5 },
      recurrent('gruAfter', 'l2', 4, { returnSequences: true }),
      recurrent('simpleRnn', 'l3', 3, { direction: 'reverse' }),
      { type: 'dense', name: 'head', units: 4, activation: 'softmax' },
    ]),
    inputs: features(seed++),
  });
  cases.push({
    name: 'stack: gru sequence -> dense per step (tanh)',
    spec: featureSpec(SIZE, [
      recurrent('gruBefore', 'l1', 4, { returnSequences: true }),
      { type: 'dense', name: 'head', units: 2, activation: 'tanh' },
    ]),
    inputs: features(seed++),
  });

  const lengths: Tensor<'int32'> = {
    dtype: 'int32',
    shape: [BATCH],
    data: Int32Array.from([TIME, 3, 1]),
  };
  for (const type of types) {
    for (const direction of ['forward', 'reverse', 'bidirectional'] as const) {
      cases.push({
        name: `${type} ${direction} with sequence lengths`,
        spec: featureSpec(
          SIZE,
          [
            recurrent(type, 'rnn', 4, { direction, returnSequences: true, paddedOutputs: 'zero' }),
            recurrent(type, 'rnn2', 3, { direction }),
          ],
          { sequenceLengths: { name: 'lengths' } },
        ),
        inputs: { ...features(seed++), lengths },
      });
    }
  }
  // The cases above feed the padded sequence into a second layer, which skips the padded steps,
  // so only these make the padded positions (as paddedOutputs defines them) a model output that
  // the suites compare. A mutation that left 'previous' steps at zero passed without them.
  for (const paddedOutputs of ['zero', 'previous'] as const) {
    for (const type of types) {
      for (const direction of ['forward', 'reverse', 'bidirectional'] as const) {
        cases.push({
          name: `${type} ${direction} with sequence lengths, padded steps '${paddedOutputs}' in the output`,
          spec: featureSpec(
            SIZE,
            [recurrent(type, 'rnn', 4, { direction, returnSequences: true, paddedOutputs })],
            { sequenceLengths: { name: 'lengths' } },
          ),
          inputs: { ...features(seed++), lengths },
        });
      }
    }
  }
  cases.push({
    name: 'sequence lengths declared but not given (all steps real)',
    spec: featureSpec(
      SIZE,
      [recurrent('lstm', 'rnn', 4, { returnSequences: true, paddedOutputs: 'previous' })],
      { sequenceLengths: { name: 'lengths' } },
    ),
    inputs: features(seed++),
  });

  for (const type of types) {
    const bidirectional = type === 'lstm' || type === 'gruAfter';
    const directions = bidirectional ? 2 : 1;
    const state: RunOptions['state'] = {
      rnn: { h: randomState([directions, BATCH, 4], seed++) },
    };
    if (type === 'lstm') state.rnn.c = randomState([directions, BATCH, 4], seed++);
    cases.push({
      name: `${type} initial state through options.state`,
      spec: featureSpec(SIZE, [
        recurrent(type, 'rnn', 4, {
          direction: bidirectional ? 'bidirectional' : 'forward',
          returnSequences: true,
        }),
        recurrent(type, 'rnn2', 4),
      ]),
      inputs: features(seed++),
      options: { state },
    });
  }
  cases.push({
    name: 'PyTorch-style stacked h0/c0 stateInputs and stateOutputs',
    spec: featureSpec(
      SIZE,
      [
        recurrent('lstm', 'l1', 4, { returnSequences: true, recurrentBias: true }),
        recurrent('lstm', 'l2', 4, { returnSequences: true, recurrentBias: true }),
      ],
      {
        stateInputs: [
          { name: 'h0', kind: 'h', layers: ['l1', 'l2'] },
          { name: 'c0', kind: 'c', layers: ['l1', 'l2'] },
        ],
        stateOutputs: [
          { name: 'hn', kind: 'h', layers: ['l1', 'l2'] },
          { name: 'cn', kind: 'c', layers: ['l1', 'l2'] },
        ],
      },
    ),
    inputs: {
      ...features(seed++),
      h0: randomState([2, BATCH, 4], seed++),
      c0: randomState([2, BATCH, 4], seed++),
    },
  });

  const tokens: Tensor<'int32'> = {
    dtype: 'int32',
    shape: [BATCH, TIME],
    data: Int32Array.from([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3]),
  };
  cases.push({
    name: 'tokens: embedding -> gru -> dense',
    spec: tokenSpec(10, 5, [
      recurrent('gruAfter', 'rnn', 4),
      { type: 'dense', name: 'head', units: 3 },
    ]),
    inputs: { tokens },
  });
  cases.push({
    name: 'tokens as int64',
    spec: tokenSpec(10, 5, [recurrent('lstm', 'rnn', 4, { returnSequences: true })]),
    inputs: {
      tokens: {
        dtype: 'int64',
        shape: [BATCH, TIME],
        data: BigInt64Array.from(tokens.data, BigInt),
      },
    },
  });
  const postPadded: Tensor<'int32'> = {
    dtype: 'int32',
    shape: [BATCH, TIME],
    data: Int32Array.from([3, 1, 4, 1, 5, 9, 2, 6, 5, 0, 0, 0, 9, 0, 0, 0, 0, 0]),
  };
  // maskZero models: embedding (vocabulary 10, width 5) -> a padded LSTM or GRU sequence -> ...
  const masked = (...layers: LayerSpec[]) => tokenSpec(10, 5, layers, true);
  const heldSequence = (type: RecurrentType, direction: RecurrentLayer['direction']) =>
    recurrent(type, 'rnn', 4, { direction, returnSequences: true, paddedOutputs: 'previous' });
  for (const direction of ['forward', 'reverse', 'bidirectional'] as const) {
    cases.push({
      name: `maskZero post-padded ${direction}`,
      spec: masked(heldSequence('lstm', direction), recurrent('gruAfter', 'rnn2', 3)),
      inputs: { tokens: postPadded },
    });
    cases.push({
      name: `maskZero post-padded ${direction}, padded steps 'previous' in the output`,
      spec: masked(heldSequence('gruAfter', direction)),
      inputs: { tokens: postPadded },
    });
  }
  // A row of padding only: ONNX sequence_lens 0, exact only from a zero initial state (the runner
  // refuses other states; see padding.ts). The spec keeps that example's state as it was.
  const allPadding: Tensor<'int32'> = {
    dtype: 'int32',
    shape: [BATCH, TIME],
    data: Int32Array.from([3, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 2, 0, 0, 0, 0]),
  };
  const zeroExample = (tensor: Tensor<'float32'>, b: number) => {
    const [directions, batch, units] = tensor.shape;
    for (let d = 0; d < directions; d++)
      tensor.data.fill(0, (d * batch + b) * units, (d * batch + b + 1) * units);
    return tensor;
  };
  for (const direction of ['forward', 'bidirectional'] as const) {
    const directions = direction === 'bidirectional' ? 2 : 1;
    const lstmState = () => ({
      h: zeroExample(randomState([directions, BATCH, 4], seed++), 1),
      c: zeroExample(randomState([directions, BATCH, 4], seed++), 1),
    });
    cases.push({
      name: `maskZero with an all-padding example (its initial state zero), ${direction}`,
      spec: masked(heldSequence('lstm', direction), recurrent('gruBefore', 'rnn2', 3)),
      inputs: { tokens: allPadding },
      options: {
        state: {
          rnn: lstmState(),
          rnn2: { h: zeroExample(randomState([1, BATCH, 3], seed++), 1) },
        },
      },
    });
    cases.push({
      name: `maskZero with an all-padding example, ${direction}, padded steps 'previous' in the output`,
      spec: masked(heldSequence('lstm', direction)),
      inputs: { tokens: allPadding },
      options: { state: { rnn: lstmState() } },
    });
  }
  return cases;
}
