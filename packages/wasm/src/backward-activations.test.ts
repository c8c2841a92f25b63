/**
 * Bidirectional layers whose backward direction has its own activations (spec `backward`,
 * issue 13) against core's float64 reference. Each direction's job carries its own activation
 * codes; the C kernels take the inlined sigmoid/tanh rows for the default pair and the generic
 * dispatcher otherwise, so the cases put the default pair on one side and others on the other.
 */
import { type Activation, createReferenceBackend, type LayerSpec } from '@rnnkit/core';
import { describe, it } from 'vitest';
import { expectClose } from '../../onnx/src/runtime/test-support/compare.js';
import {
  featureSpec,
  randomFeatures,
  randomModel,
} from '../../onnx/src/runtime/test-support/models.js';
import { createWasmBackend } from './index.js';

const hardSigmoid: Activation = { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 };
const lengths = { dtype: 'int32', shape: [3], data: Int32Array.from([5, 2, 3]) } as const;
const common = {
  name: 'rnn',
  units: 5,
  direction: 'bidirectional',
  returnSequences: true,
  paddedOutputs: 'zero',
} as const;

const CASES: [string, LayerSpec][] = [
  [
    'lstm: default forward, backward relu/hardSigmoid',
    { type: 'lstm', ...common, backward: { activation: 'relu', recurrentActivation: hardSigmoid } },
  ],
  [
    'lstm: forward elu/hardSigmoid, backward tanh/sigmoid (the inlined rows), last state',
    {
      type: 'lstm',
      ...common,
      returnSequences: false,
      activation: { name: 'elu', alpha: 0.5 },
      recurrentActivation: hardSigmoid,
      backward: { activation: 'tanh', recurrentActivation: 'sigmoid' },
    },
  ],
  [
    'gru resetAfter: backward relu/hardSigmoid, mul',
    {
      type: 'gru',
      ...common,
      resetAfter: true,
      recurrentBias: true,
      mergeMode: 'mul',
      backward: { activation: 'relu', recurrentActivation: hardSigmoid },
    },
  ],
  [
    'gru reset before: backward softsign only',
    { type: 'gru', ...common, resetAfter: false, backward: { activation: 'softsign' } },
  ],
  [
    'simpleRnn: backward relu, previous',
    { type: 'simpleRnn', ...common, paddedOutputs: 'previous', backward: { activation: 'relu' } },
  ],
];

describe('rnnkit-wasm: backward activations match the reference', () => {
  CASES.forEach(([name, layer], index) => {
    it(name, async () => {
      const model = randomModel(
        featureSpec(3, [layer], { sequenceLengths: { name: 'lengths' } }),
        90 + index,
      );
      const inputs = { x: randomFeatures([3, 5, 3], 40 + index), lengths };
      const expected = await (await createReferenceBackend().load(model)).run(inputs);
      const session = await createWasmBackend().load(model);
      try {
        const mine = await session.run(inputs);
        expectClose(mine.outputs.y, expected.outputs.y, 'rnnkit-wasm', name);
        expectClose(mine.state.rnn.h, expected.state.rnn.h, 'rnnkit-wasm', `${name} h`);
      } finally {
        await session.dispose();
      }
    });
  });
});
