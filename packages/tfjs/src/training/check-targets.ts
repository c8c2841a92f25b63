/**
 * A training batch checked before anything reaches tfjs, with core's checks (the same errors as
 * the reference trainer: INVALID_INPUT naming `targets` or the input): targets of the output's
 * shape and the loss's dtype, class ids in range, finite values, finite features.
 */
import {
  checkFiniteFeatures,
  checkTargets as checkTargetValues,
  type ModelSpec,
  outputShape,
  type PreparedRun,
  RnnkitError,
  type Tensor,
  type TrainingBatch,
} from '@rnnkit/core';
import type { ResolvedLoss } from './resolved-loss.js';

export interface CheckedTargets {
  /** Float targets shaped like the output, or int32 class ids. */
  data: Float32Array | Int32Array;
  shape: number[];
  dtype: 'float32' | 'int32';
}

export function checkBatchValues(
  spec: ModelSpec,
  loss: ResolvedLoss,
  run: PreparedRun,
  batch: TrainingBatch,
): CheckedTargets {
  const dataName =
    spec.input.name in batch.inputs
      ? spec.input.name
      : Object.keys(batch.inputs).find((name) => !isOtherInput(spec, name));
  if (dataName) checkFiniteFeatures(batch.inputs[dataName], dataName);
  if (batch.targets === undefined || batch.targets === null)
    throw new RnnkitError('INVALID_INPUT', "input 'targets': missing from the batch", {
      path: 'targets',
    });
  const symbolic = outputShape(spec);
  const concrete = symbolic.map((d, i) => (i === 0 ? run.batch : d === -1 ? run.time : d));
  const values = checkTargetValues(batch.targets as Tensor, loss, concrete);
  const sparse = loss.name === 'sparseCategoricalCrossentropy';
  return {
    data: values instanceof Int32Array ? values : Float32Array.from(values),
    shape: sparse ? concrete.slice(0, -1) : concrete,
    dtype: values instanceof Int32Array ? 'int32' : 'float32',
  };
}

function isOtherInput(spec: ModelSpec, name: string): boolean {
  return (
    name === spec.sequenceLengths?.name || (spec.stateInputs ?? []).some((s) => s.name === name)
  );
}
