/**
 * Checks a whole data set before the first step, so a bad example fails at once with an error
 * naming the tensor (INVALID_INPUT), never halfway through an epoch: inputs as `run` checks them,
 * no NaN or Inf, every tensor with the same number of examples, targets against the loss.
 */
import { RnnkitError } from '../../errors.js';
import { inputError } from '../../run/check-tensor.js';
import { prepareRunInputs } from '../../run/prepare-inputs.js';
import { layerShapes } from '../../spec/resolve.js';
import type { ModelSpec } from '../../spec/types.js';
import type { Tensor } from '../../tensor.js';
import { checkFiniteFeatures, checkTargets } from '../check-targets.js';
import type { LossConfig } from '../types.js';
import { exampleAxis } from './batching.js';
import type { TrainingData } from './fit-types.js';

/** Returns the number of examples. `label` prefixes errors ('data' or 'validationData'). */
export function checkTrainingData(
  spec: ModelSpec,
  data: TrainingData,
  loss: Required<LossConfig>,
  label: string,
): number {
  try {
    return check(spec, data, loss);
  } catch (error) {
    if (RnnkitError.isInstance(error) && label !== 'data') {
      throw new RnnkitError(error.code, `${label}: ${error.message}`, {
        path: `${label}.${error.path ?? ''}`,
        cause: error,
      });
    }
    throw error;
  }
}

function check(spec: ModelSpec, data: TrainingData, loss: Required<LossConfig>): number {
  if (
    typeof data !== 'object' ||
    data === null ||
    typeof data.inputs !== 'object' ||
    data.inputs === null
  ) {
    throw inputError(
      'inputs',
      'training data must be { inputs: { name: tensor }, targets: tensor }',
    );
  }
  const targets = data.targets as Tensor | undefined;
  if (!targets || !Array.isArray(targets.shape) || targets.shape.length === 0) {
    throw inputError('targets', 'missing: training data needs a targets tensor');
  }
  const examples = targets.shape[0];
  if (!Number.isSafeInteger(examples) || examples < 1) {
    throw inputError(
      'targets',
      `needs at least one example, got shape [${targets.shape.join(', ')}]`,
    );
  }
  for (const [name, tensor] of Object.entries(data.inputs)) {
    const axis = exampleAxis(spec, name);
    if (!tensor || !Array.isArray(tensor.shape) || tensor.shape[axis] !== examples) {
      throw inputError(
        name,
        `has ${tensor?.shape?.[axis]} examples along axis ${axis} but targets have ${examples}`,
      );
    }
    checkFiniteFeatures(tensor, name);
  }
  const run = prepareRunInputs(spec, data.inputs);
  const shapes = layerShapes(spec);
  const last = shapes[shapes.length - 1];
  const outputShape = last.sequence
    ? [run.batch, run.time, last.features]
    : [run.batch, last.features];
  checkTargets(targets, loss, outputShape);
  return examples;
}
