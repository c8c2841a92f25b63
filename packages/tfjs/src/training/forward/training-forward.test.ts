/**
 * The differentiable forward pass (the op path training takes) against core's float64 reference
 * executor, over the same spec matrix as the inference path: every layer type, direction,
 * merge mode, stacking, lengths, maskZero, state inputs, peepholes, resetAfter both ways, every
 * activation. A gradient can only be right if the function it differentiates is.
 */
import {
  createReferenceBackend,
  definedOutputMask,
  findUntrainableFeature,
  prepareRunInputs,
  type Tensor,
  toleranceFor,
} from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { withActiveBackend } from '../../engine/exclusive.js';
import { setUpTfjsBackend } from '../../engine/setup.js';
import { expectClose } from '../../test-support/compare.js';
import { MATRIX } from '../../test-support/matrix.js';
import { seededModel } from '../../test-support/seeded-weights.js';
import { registerTrainingKernels } from './register-training-kernels.js';
import { trainingForward } from './training-forward.js';
import { createTrainingVariables } from './training-variables.js';

const reference = createReferenceBackend();

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`training forward on tfjs-${backend} matches the reference`, () => {
    const tolerance = toleranceFor(`tfjs-${backend}`);
    MATRIX.forEach((testCase, index) => {
      // A layer no trainer differentiates yet is refused by every trainer (core's test).
      if (findUntrainableFeature(testCase.spec)) return;
      it(testCase.name, async () => {
        const model = seededModel(testCase.spec, index, testCase.scale);
        const expected = await (await reference.load(model)).run(testCase.inputs);
        await setUpTfjsBackend(backend);
        const actual = await withActiveBackend(backend, async () => {
          // The kernels the engine registers: this checks the path training takes.
          registerTrainingKernels(backend);
          const variables = createTrainingVariables(model);
          try {
            const output = tf.tidy(
              () =>
                trainingForward(
                  model.spec,
                  variables,
                  prepareRunInputs(model.spec, testCase.inputs),
                ).output,
            );
            const data = (await output.data()) as Float32Array;
            const tensor: Tensor = { dtype: 'float32', shape: output.shape, data };
            output.dispose();
            return tensor;
          } finally {
            variables.dispose();
          }
        });
        expectClose(
          actual,
          expected.outputs[model.spec.output.name],
          tolerance,
          testCase.name,
          definedOutputMask(testCase.spec, testCase.inputs),
        );
      });
    });
  });
}
