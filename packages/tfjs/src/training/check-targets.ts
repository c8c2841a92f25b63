/**
 * A training batch's targets, checked before anything reaches tfjs (DESIGN.md "Errors"): the
 * dtype the loss needs, the output's shape (without the class axis for sparse ids), class ids
 * in range, finite values. Failures are INVALID_INPUT naming `targets`, like a bad run input.
 * The data input's own values are checked too: core's run checks bound token ids, but a NaN
 * feature would only poison the loss.
 */
import {
  type ModelSpec,
  outputShape,
  type PreparedRun,
  RnnkitError,
  type Tensor,
} from '@rnnkit/core';
import type { ResolvedLoss } from './resolved-loss.js';

export interface CheckedTargets {
  /** Float targets shaped like the output, or int32 class ids. */
  data: Float32Array | Int32Array;
  shape: number[];
  dtype: 'float32' | 'int32';
}

const TARGETS = 'targets';

function invalid(message: string, path = TARGETS): RnnkitError {
  return new RnnkitError(
    'INVALID_INPUT',
    `${path === TARGETS ? 'targets' : `input '${path}'`}: ${message}`,
    {
      path,
    },
  );
}

export function checkTargets(
  spec: ModelSpec,
  loss: ResolvedLoss,
  run: PreparedRun,
  targets: Tensor | undefined,
): CheckedTargets {
  if (typeof targets !== 'object' || targets === null)
    throw invalid('missing: a training batch needs { inputs, targets }');
  const { dtype, shape, data } = targets as Partial<Tensor>;
  const symbolic = outputShape(spec);
  const full = symbolic.map((d, i) =>
    i === 0 ? run.batch : i === 1 && symbolic.length === 3 ? run.time : d,
  );
  const sparse = loss.name === 'sparseCategoricalCrossentropy';
  const expected = sparse ? full.slice(0, -1) : full;
  const classes = full[full.length - 1];
  if (
    !Array.isArray(shape) ||
    shape.length !== expected.length ||
    shape.some((d, i) => d !== expected[i])
  ) {
    throw invalid(
      `shape must be [${expected.join(', ')}] for ${loss.name} on this model's output [${full.join(', ')}], got ${Array.isArray(shape) ? `[${shape.join(', ')}]` : String(shape)}`,
    );
  }
  const size = expected.reduce((a, b) => a * b, 1);
  if (sparse) {
    if (dtype !== 'int32' && dtype !== 'int64')
      throw invalid(`${loss.name} takes int32 class ids, got dtype ${String(dtype)}`);
    if (!(data instanceof (dtype === 'int32' ? Int32Array : BigInt64Array)) || data.length !== size)
      throw invalid(
        `needs ${size} ${dtype} values in a ${dtype === 'int32' ? 'Int32Array' : 'BigInt64Array'}`,
      );
    const ids = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const id = Number(data[i]);
      if (!(id >= 0 && id < classes))
        throw invalid(
          `class id ${id} at index ${i} is outside [0, ${classes}) (the output has ${classes} classes)`,
        );
      ids[i] = id;
    }
    return { data: ids, shape: expected, dtype: 'int32' };
  }
  if (dtype !== 'float32' && dtype !== 'float64')
    throw invalid(
      `${loss.name} takes float32 targets shaped like the output, got dtype ${String(dtype)}`,
    );
  if (
    !(data instanceof (dtype === 'float32' ? Float32Array : Float64Array)) ||
    data.length !== size
  )
    throw invalid(
      `needs ${size} ${dtype} values in a ${dtype === 'float32' ? 'Float32Array' : 'Float64Array'}`,
    );
  const values = Float32Array.from(data as ArrayLike<number>);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw invalid(`value ${values[bad]} at index ${bad} is not finite`);
  return { data: values, shape: expected, dtype: 'float32' };
}

/** Feature inputs must be finite for training (a NaN would silently poison every weight). */
export function checkFiniteFeatures(spec: ModelSpec, run: PreparedRun): void {
  if (!run.features) return;
  const bad = run.features.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    throw invalid(`value ${run.features[bad]} at index ${bad} is not finite`, spec.input.name);
}
