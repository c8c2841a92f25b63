/**
 * Bidirectional layers whose backward direction has its own activations (spec `backward`,
 * issue 13) on tfjs-cpu and tfjs-wasm against core's float64 reference. Each direction's cell
 * picks its kernel path from its own activations, so the cases put the default pair (which takes
 * the fused step kernels) on one side and other activations on the other, both ways round.
 */
import {
  type Activation,
  createReferenceBackend,
  type LayerSpec,
  type ModelSpec,
  toleranceFor,
} from '@rnnkit/core';
import { describe, it } from 'vitest';
import { createTfjsBackend } from './index.js';
import { expectRunClose } from './test-support/compare.js';
import {
  kerasInitialisedModel,
  seededFeatures,
  seededModel,
} from './test-support/seeded-weights.js';

const hardSigmoid: Activation = { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 };
const lengths = { dtype: 'int32', shape: [3], data: Int32Array.from([6, 2, 4]) } as const;

function spec(layer: LayerSpec): ModelSpec {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size: 3 },
    sequenceLengths: { name: 'lengths' },
    layers: [layer],
    output: { name: 'y' },
  };
}

const common = {
  name: 'rnn',
  units: 4,
  direction: 'bidirectional',
  returnSequences: true,
  paddedOutputs: 'zero',
} as const;

const CASES: [string, ModelSpec][] = [
  [
    'lstm: default forward (fused kernels), backward relu/hardSigmoid',
    spec({
      type: 'lstm',
      ...common,
      backward: { activation: 'relu', recurrentActivation: hardSigmoid },
    }),
  ],
  [
    'lstm: forward softsign/hardSigmoid, backward back to tanh/sigmoid, last state',
    spec({
      type: 'lstm',
      ...common,
      returnSequences: false,
      activation: 'softsign',
      recurrentActivation: hardSigmoid,
      backward: { activation: 'tanh', recurrentActivation: 'sigmoid' },
    }),
  ],
  ...[true, false].map((resetAfter): [string, ModelSpec] => [
    `gru resetAfter=${resetAfter}: default forward, backward relu/hardSigmoid, sum`,
    spec({
      type: 'gru',
      ...common,
      resetAfter,
      recurrentBias: resetAfter,
      mergeMode: 'sum',
      backward: { activation: 'relu', recurrentActivation: hardSigmoid },
    }),
  ]),
  [
    'simpleRnn: forward tanh, backward relu, previous',
    spec({
      type: 'simpleRnn',
      ...common,
      paddedOutputs: 'previous',
      backward: { activation: 'relu' },
    }),
  ],
];

const reference = createReferenceBackend();

for (const backendName of ['cpu', 'wasm'] as const) {
  describe(`tfjs-${backendName}: backward activations match the reference`, () => {
    const backend = createTfjsBackend({ backend: backendName });
    const tolerance = toleranceFor(backend.id);
    CASES.forEach(([name, modelSpec], index) => {
      it(name, async () => {
        const inputs = { x: seededFeatures(3, 6, 3, 30 + index), lengths };
        for (const model of [
          kerasInitialisedModel(modelSpec, 50 + index),
          seededModel(modelSpec, 70 + index),
        ]) {
          const expected = await (await reference.load(model)).run(inputs);
          const session = await backend.load(model);
          try {
            expectRunClose(await session.run(inputs), expected, tolerance);
          } finally {
            await session.dispose();
          }
        }
      });
    });
  });
}
