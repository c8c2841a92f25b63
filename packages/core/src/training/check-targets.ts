/**
 * Checks a batch's targets against the model's output and the loss before anything is computed
 * (issue 12 item 10): dtype, shape, class ids in range, no NaN or Inf. Errors are INVALID_INPUT
 * naming the tensor (`targets`).
 */
import { checkTensor, inputError } from '../run/check-tensor.js';
import type { Tensor } from '../tensor.js';
import type { LossConfig } from './types.js';

export const TARGETS_NAME = 'targets';

/**
 * `outputShape` is the model output's concrete shape ([batch, features] or [batch, time, features]).
 * Returns the targets as float64 values, or int32 class ids for sparse categorical cross-entropy.
 */
export function checkTargets(
  targets: Tensor,
  loss: Required<LossConfig>,
  outputShape: readonly number[],
  name = TARGETS_NAME,
): Float64Array | Int32Array {
  const features = outputShape[outputShape.length - 1];
  if (loss.name === 'sparseCategoricalCrossentropy') {
    const expected = outputShape.slice(0, -1);
    const shape = checkTensor(targets, name, ['int32', 'int64'], expected.length);
    if (shape.some((d, i) => d !== expected[i])) {
      throw inputError(
        name,
        `sparse categorical targets must be class ids of shape [${expected.join(', ')}] (the output without its class axis), got [${shape.join(', ')}]`,
      );
    }
    const ids = new Int32Array(targets.data.length);
    for (let i = 0; i < ids.length; i++) {
      const id = Number(targets.data[i]);
      if (!Number.isInteger(id) || id < 0 || id >= features) {
        throw inputError(
          name,
          `class id ${String(targets.data[i])} at flat index ${i} is outside [0, ${features})`,
        );
      }
      ids[i] = id;
    }
    return ids;
  }
  const shape = checkTensor(targets, name, ['float32', 'float64'], outputShape.length);
  if (shape.some((d, i) => d !== outputShape[i])) {
    throw inputError(
      name,
      `${loss.name} targets must have the output's shape [${outputShape.join(', ')}], got [${shape.join(', ')}]`,
    );
  }
  const values = Float64Array.from(targets.data as ArrayLike<number>);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw inputError(name, `holds ${values[i]} at flat index ${i}; targets must be finite`);
    }
  }
  return values;
}

/** NaN or Inf in float features would poison every gradient: refuse them up front. */
export function checkFiniteFeatures(tensor: Tensor, name: string): void {
  if (tensor.dtype !== 'float32' && tensor.dtype !== 'float64') return;
  const data = tensor.data as ArrayLike<number>;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw inputError(name, `holds ${data[i]} at flat index ${i}; training data must be finite`);
    }
  }
}
