/**
 * Training data for `rnnkit train`: a tensor JSON file with the model's input(s) by name and the
 * targets under `targets` (issue 12, CLI contract). Everything is checked before training starts,
 * so a bad file costs nothing and each problem is one INVALID_INPUT line naming the file and the
 * tensor: targets of the wrong dtype or shape for the loss and class ids out of range (core's
 * checkTargets), NaN or Inf (core's checkFiniteFeatures), cross-entropy targets outside [0, 1],
 * and token ids or shapes the model refuses (core's run checks).
 */
import {
  checkFiniteFeatures,
  checkTargets,
  type LossConfig,
  type ModelSpec,
  type NamedTensors,
  outputShape,
  prepareRunInputs,
  RnnkitError,
  resolveLoss,
  TARGETS_NAME,
  type Tensor,
} from '@rnnkit/core';

/** A whole data set: run inputs by the spec's names, and the targets. */
export interface TrainingData {
  inputs: NamedTensors;
  targets: Tensor;
}

function inFile<T>(file: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (RnnkitError.isInstance(error))
      throw new RnnkitError(error.code, `${file}: ${error.message}`, {
        path: error.path,
        cause: error,
      });
    throw error;
  }
}

/**
 * Splits `targets` from the inputs and checks both against the model and the loss.
 * `toModelInputs` maps the file's input names/layouts to the spec's (the CLI's model-file adapter).
 */
export function checkTrainingData(
  spec: ModelSpec,
  tensors: NamedTensors,
  loss: LossConfig | LossConfig['name'],
  file: string,
  toModelInputs: (tensors: NamedTensors) => NamedTensors = (t) => t,
): TrainingData {
  const { [TARGETS_NAME]: targets, ...rest } = tensors;
  return inFile(file, () => {
    if (!targets) {
      throw new RnnkitError(
        'INVALID_INPUT',
        `'${TARGETS_NAME}' is missing: give the targets under that name besides the inputs (found: ${Object.keys(rest).join(', ') || 'nothing'})`,
        { path: TARGETS_NAME },
      );
    }
    for (const [name, tensor] of Object.entries(rest)) checkFiniteFeatures(tensor, name);
    const inputs = toModelInputs(rest);
    const { batch, time } = prepareRunInputs(spec, inputs);
    const shape = outputShape(spec);
    const concrete = shape.length === 3 ? [batch, time, shape[2]] : [batch, shape[1]];
    const resolved = resolveLoss(loss);
    const values = checkTargets(targets, resolved, concrete);
    if (resolved.name === 'binaryCrossentropy' || resolved.name === 'categoricalCrossentropy') {
      for (let i = 0; i < values.length; i++) {
        if (values[i] < 0 || values[i] > 1) {
          throw new RnnkitError(
            'INVALID_INPUT',
            `input '${TARGETS_NAME}': holds ${values[i]} at flat index ${i}; ${resolved.name} targets are probabilities in [0, 1]`,
            { path: TARGETS_NAME },
          );
        }
      }
    }
    return { inputs, targets };
  });
}
