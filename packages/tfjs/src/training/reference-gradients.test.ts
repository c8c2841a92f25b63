/**
 * The tfjs trainer's gradients against core's float64 reference trainer (itself checked against
 * PyTorch autograd and finite differences) over the inference spec matrix: every layer kind,
 * direction, merge mode, stacking, sequence lengths, maskZero (padded steps must contribute
 * nothing), state inputs, peepholes, resetAfter both ways, every activation; plus each loss
 * with each probability clipping, Keras-style optimizer steps (epsilonStyle 'keras',
 * perTensor clipping), which the PyTorch fixtures do not cover, and the issue 13 idioms
 * (maskValue, sequenceOrder 'processing', the activation layer, concatStates).
 */
import {
  createReferenceTrainingEngine,
  findUntrainableFeature,
  float64Tensor,
  int32Tensor,
  type LossConfig,
  type ModelSpec,
  outputShape,
  type Tensor,
  type TrainingConfig,
  toleranceFor,
} from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { MATRIX } from '../test-support/matrix.js';
import { seededModel, seededRandom } from '../test-support/seeded-weights.js';
import { createTfjsTrainingEngine } from './create-tfjs-training-engine.js';
import { expectValuesClose } from './test-support/expect-values.js';
import { IDIOM_CASES } from './test-support/idiom-cases.js';

const reference = createReferenceTrainingEngine();

/** Dropout at rate 0 (a rate > 0 needs the config's dropout field: dropout-training.test.ts). */
function trainable(spec: ModelSpec): ModelSpec {
  return {
    ...spec,
    layers: spec.layers.map((l) => (l.type === 'dropout' ? { ...l, rate: 0 } : l)),
  };
}

function lossFor(spec: ModelSpec): LossConfig {
  const last = spec.layers[spec.layers.length - 1];
  if (last.type === 'dense' && last.activation === 'softmax')
    return { name: 'categoricalCrossentropy' };
  return { name: 'meanSquaredError' };
}

/** Targets for `loss` shaped like the output of `spec` on a [batch, time] input. */
function targetsFor(
  spec: ModelSpec,
  loss: LossConfig,
  batch: number,
  time: number,
  seed: number,
): Tensor {
  const shape = outputShape(spec).map((d, i) => (i === 0 ? batch : d === -1 ? time : d));
  const random = seededRandom(seed);
  const classes = shape[shape.length - 1];
  if (loss.name === 'sparseCategoricalCrossentropy') {
    const ids = shape.slice(0, -1);
    const size = ids.reduce((a, b) => a * b, 1);
    return int32Tensor(
      ids,
      Array.from({ length: size }, () => Math.floor(random() * classes)),
    );
  }
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, () => random());
  if (loss.name === 'categoricalCrossentropy') {
    for (let row = 0; row < size / classes; row++) {
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += values[row * classes + k];
      for (let k = 0; k < classes; k++) values[row * classes + k] /= sum;
    }
  }
  if (loss.name === 'binaryCrossentropy')
    for (let i = 0; i < size; i++) values[i] = Math.round(values[i]);
  return float64Tensor(shape, values);
}

function configWith(loss: LossConfig, optimizer?: TrainingConfig['optimizer']): TrainingConfig {
  return {
    format: 'rnnkit-training',
    formatVersion: 1,
    loss,
    optimizer: optimizer ?? { name: 'sgd', learningRate: 0.1 },
    batchSize: 3,
    epochs: 1,
  };
}

const sigmoidHead: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'tokens', type: 'tokens' },
  layers: [
    { type: 'embedding', name: 'embedding', inputDim: 9, outputDim: 4 },
    { type: 'lstm', name: 'lstm', units: 5 },
    { type: 'dense', name: 'dense', units: 2, activation: 'sigmoid' },
  ],
  output: { name: 'probability' },
};
const softmaxHead: ModelSpec = {
  ...sigmoidHead,
  layers: [
    ...sigmoidHead.layers.slice(0, 2),
    { type: 'dense', name: 'dense', units: 4, activation: 'softmax' },
  ],
};
const logitsHead: ModelSpec = {
  ...sigmoidHead,
  layers: [...sigmoidHead.layers.slice(0, 2), { type: 'dense', name: 'dense', units: 4 }],
};
const tokens = int32Tensor([3, 5], [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7]);

const LOSS_CASES: { spec: ModelSpec; loss: LossConfig }[] = [
  ...(['none', 'pytorch', 'keras'] as const).map((probabilityClipping) => ({
    spec: sigmoidHead,
    loss: { name: 'binaryCrossentropy', probabilityClipping } as LossConfig,
  })),
  { spec: logitsHead, loss: { name: 'binaryCrossentropy', fromLogits: true } },
  ...(['none', 'keras'] as const).flatMap((probabilityClipping) =>
    (['categoricalCrossentropy', 'sparseCategoricalCrossentropy'] as const).map((name) => ({
      spec: softmaxHead,
      loss: { name, probabilityClipping } as LossConfig,
    })),
  ),
  ...(['categoricalCrossentropy', 'sparseCategoricalCrossentropy'] as const).map((name) => ({
    spec: logitsHead,
    loss: { name, fromLogits: true } as LossConfig,
  })),
];

const KERAS_STYLE: TrainingConfig['optimizer'][] = [
  { name: 'adam', learningRate: 0.01, epsilon: 1e-3, epsilonStyle: 'keras' },
  { name: 'adam', learningRate: 0.01, epsilon: 1e-3, epsilonStyle: 'keras', amsgrad: true },
  { name: 'rmsprop', learningRate: 0.01, rho: 0.9, epsilon: 1e-3, epsilonStyle: 'keras' },
  {
    name: 'rmsprop',
    learningRate: 0.01,
    rho: 0.9,
    epsilon: 1e-3,
    momentum: 0.5,
    centered: true,
    epsilonStyle: 'keras',
  },
];

for (const backend of ['cpu', 'wasm'] as const) {
  const engine = createTfjsTrainingEngine({ backend });
  const tolerance = toleranceFor(engine.id);

  async function expectSameGradients(
    spec: ModelSpec,
    seed: number,
    inputs: Record<string, Tensor>,
    config: TrainingConfig,
  ) {
    const model = seededModel(spec, seed);
    const ours = await engine.createTrainer(model, config);
    const oracle = await reference.createTrainer(model, config);
    try {
      const dataInput = Object.values(inputs)[0];
      const batch = {
        inputs,
        targets: targetsFor(
          spec,
          typeof config.loss === 'string' ? { name: config.loss } : config.loss,
          dataInput.shape[0],
          dataInput.shape[1],
          seed + 100,
        ),
      };
      const actual = await ours.computeGradients(batch);
      const expected = await oracle.computeGradients(batch);
      expectValuesClose([actual.loss], [expected.loss], tolerance, 'loss');
      expect([...actual.gradients.keys()].sort()).toEqual([...expected.gradients.keys()].sort());
      for (const [name, values] of expected.gradients) {
        expectValuesClose(actual.gradients.get(name) ?? [], values, tolerance, name);
      }
    } finally {
      await ours.dispose();
      await oracle.dispose();
    }
  }

  describe(`tfjs-${backend} gradients vs the float64 reference, spec matrix`, () => {
    MATRIX.forEach((testCase, index) => {
      // A layer no trainer differentiates yet is refused by every trainer (core's test).
      if (findUntrainableFeature(testCase.spec)) return;
      it(testCase.name, async () => {
        const spec = trainable(testCase.spec);
        await expectSameGradients(spec, index, testCase.inputs, configWith(lossFor(spec)));
      });
    });
  });

  describe(`tfjs-${backend} gradients vs the float64 reference, losses`, () => {
    LOSS_CASES.forEach(({ spec, loss }, index) => {
      it(JSON.stringify(loss), async () => {
        await expectSameGradients(spec, 500 + index, { tokens }, configWith(loss));
      });
    });
  });

  describe(`tfjs-${backend} gradients vs the float64 reference, issue 13 idioms`, () => {
    IDIOM_CASES.forEach(({ name, spec, inputs, loss }, index) => {
      it(name, async () => {
        await expectSameGradients(spec, 700 + index, inputs, configWith(loss));
      });
    });
  });

  describe(`tfjs-${backend} Keras-style steps vs the float64 reference`, () => {
    KERAS_STYLE.forEach((optimizer, index) => {
      for (const clipNormScope of ['perTensor', 'global'] as const) {
        it(`${JSON.stringify(optimizer)} clipNorm 0.05 ${clipNormScope}`, async () => {
          const config: TrainingConfig = {
            ...configWith({ name: 'binaryCrossentropy', probabilityClipping: 'keras' }, optimizer),
            clipNorm: 0.05,
            clipNormScope,
            metrics: ['accuracy'],
          };
          const model = seededModel(sigmoidHead, 900 + index);
          const ours = await engine.createTrainer(model, config);
          const oracle = await reference.createTrainer(model, config);
          const batch = {
            inputs: { tokens },
            targets: targetsFor(sigmoidHead, config.loss as LossConfig, 3, 5, 7),
          };
          try {
            for (let step = 0; step < 4; step++) {
              const a = await ours.trainStep(batch);
              const e = await oracle.trainStep(batch);
              expectValuesClose([a.loss], [e.loss], tolerance, `loss at step ${step}`);
              expect(a.metrics.accuracy).toBeCloseTo(e.metrics.accuracy as number, 6);
            }
            const actual = (await ours.getModel()).weights;
            for (const [name, w] of (await oracle.getModel()).weights) {
              expectValuesClose(actual.get(name)?.data ?? [], w.data, tolerance, name);
            }
            const [stateA, stateE] = [
              await ours.getOptimizerState(),
              await oracle.getOptimizerState(),
            ];
            expect(stateA.step).toBe(stateE.step);
            expect(Object.keys(stateA.slots).sort()).toEqual(Object.keys(stateE.slots).sort());
            for (const [weight, slots] of Object.entries(stateE.slots)) {
              expect(Object.keys(stateA.slots[weight]).sort()).toEqual(Object.keys(slots).sort());
            }
          } finally {
            await ours.dispose();
            await oracle.dispose();
          }
        });
      }
    });
  });
}
