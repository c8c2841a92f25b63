/**
 * Training data for `rnnkit train`: a tensor JSON file with the model's input(s) by name and the
 * targets under `targets` (issue 12, CLI contract). Every check is done here, before training
 * starts, so a bad file costs nothing and each problem is one INVALID_INPUT line naming the
 * tensor: the wrong dtype or shape for the loss, class ids out of range, NaN or Inf, batch sizes
 * that disagree, and (through core's run checks) token ids outside the embedding.
 */
import {
  type LossConfig,
  type ModelSpec,
  type NamedTensors,
  outputShape,
  prepareRunInputs,
  RnnkitError,
  type Tensor,
} from '@rnnkit/core';

export const TARGETS_NAME = 'targets';

/** A whole data set: run inputs by the spec's names, and the targets. */
export interface TrainingData {
  inputs: NamedTensors;
  targets: Tensor;
}

function bad(file: string, tensor: string, message: string): never {
  throw new RnnkitError('INVALID_INPUT', `${file}: '${tensor}' ${message}`, { path: tensor });
}

function checkFinite(file: string, name: string, tensor: Tensor): void {
  if (tensor.dtype !== 'float32' && tensor.dtype !== 'float64') return;
  const data = tensor.data as Float32Array | Float64Array;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]))
      bad(file, name, `holds ${data[i]} at flat index ${i}: data must be finite`);
  }
}

/**
 * Splits `targets` from the inputs and checks both against the model and the loss.
 * `toModelInputs` maps the file's input names/layouts to the spec's (the CLI's model-file adapter).
 */
export function checkTrainingData(
  spec: ModelSpec,
  tensors: NamedTensors,
  lossName: LossConfig['name'],
  file: string,
  toModelInputs: (tensors: NamedTensors) => NamedTensors = (t) => t,
): TrainingData {
  const { [TARGETS_NAME]: targets, ...rest } = tensors;
  if (!targets) {
    bad(
      file,
      TARGETS_NAME,
      `is missing: the file needs the targets under the name '${TARGETS_NAME}' besides the inputs (${Object.keys(rest).join(', ') || 'none given'})`,
    );
  }
  if (Object.keys(rest).length === 0)
    bad(file, spec.input.name, 'is missing: the file holds only targets');
  for (const [name, tensor] of Object.entries(rest)) checkFinite(file, name, tensor);
  const inputs = toModelInputs(rest);
  let prepared: ReturnType<typeof prepareRunInputs>;
  try {
    prepared = prepareRunInputs(spec, inputs);
  } catch (error) {
    if (RnnkitError.isInstance(error))
      throw new RnnkitError(error.code, `${file}: ${error.message}`, {
        path: error.path,
        cause: error,
      });
    throw error;
  }
  const { batch, time } = prepared;

  const shape = outputShape(spec);
  const width = shape[shape.length - 1];
  const perStep = shape.length === 3;
  const expected = perStep ? [batch, time, width] : [batch, width];
  const shapeText = (dims: readonly number[]) => `[${dims.join(', ')}]`;
  if (lossName === 'sparseCategoricalCrossentropy') {
    const wanted = perStep ? [batch, time] : [batch];
    if (targets.dtype !== 'int32')
      bad(
        file,
        TARGETS_NAME,
        `must be int32 class ids for sparseCategoricalCrossentropy, found ${targets.dtype}`,
      );
    if (shapeText(targets.shape) !== shapeText(wanted)) {
      bad(
        file,
        TARGETS_NAME,
        `must have shape ${shapeText(wanted)} (one class id per ${perStep ? 'example and step' : 'example'}), found ${shapeText(targets.shape)}`,
      );
    }
    const data = targets.data as Int32Array;
    for (let i = 0; i < data.length; i++) {
      if (data[i] < 0 || data[i] >= width)
        bad(
          file,
          TARGETS_NAME,
          `holds class id ${data[i]} at flat index ${i}, outside 0..${width - 1} (the output has ${width} classes)`,
        );
    }
  } else {
    if (targets.dtype !== 'float32')
      bad(
        file,
        TARGETS_NAME,
        `must be float32 for ${lossName}, found ${targets.dtype}${targets.dtype === 'int32' ? ' (class ids need sparseCategoricalCrossentropy)' : ''}`,
      );
    if (shapeText(targets.shape) !== shapeText(expected))
      bad(
        file,
        TARGETS_NAME,
        `must be shaped like the output ${shapeText(expected)}, found ${shapeText(targets.shape)}`,
      );
    checkFinite(file, TARGETS_NAME, targets);
    if (lossName !== 'meanSquaredError') {
      const data = targets.data as Float32Array;
      for (let i = 0; i < data.length; i++) {
        if (data[i] < 0 || data[i] > 1)
          bad(
            file,
            TARGETS_NAME,
            `holds ${data[i]} at flat index ${i}: ${lossName} targets are probabilities in [0, 1]`,
          );
      }
    }
  }
  return { inputs, targets };
}
