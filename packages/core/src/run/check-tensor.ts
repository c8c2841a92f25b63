/**
 * Structural checks on a caller's tensor, done before anything reads or allocates from its shape:
 * a known dtype, the typed array that dtype promises, whole non-negative dimensions, and exactly
 * as many values as the shape says. A shape that lies about its data is refused here, so later
 * code may trust `shape` when it sizes buffers.
 */
import { RnnkitError, type RnnkitErrorCode } from '../errors.js';
import type { DType, Tensor } from '../tensor.js';

type ErrorCodeOf = RnnkitErrorCode;

const ARRAY_OF: Record<DType, new (length: number) => ArrayLike<unknown>> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  int64: BigInt64Array,
};

export function inputError(
  name: string,
  message: string,
  code: ErrorCodeOf = 'INVALID_INPUT',
): RnnkitError {
  return new RnnkitError(
    code,
    `${code === 'INVALID_STATE' ? 'state' : 'input'} '${name}': ${message}`,
    {
      path: name,
    },
  );
}

/** Checks dtype (one of `allowed`), rank, the data's type and length; returns the shape. */
export function checkTensor(
  tensor: unknown,
  name: string,
  allowed: readonly DType[],
  rank: number,
  code: ErrorCodeOf = 'INVALID_INPUT',
): readonly number[] {
  if (typeof tensor !== 'object' || tensor === null) {
    throw inputError(name, 'is not a tensor ({ dtype, shape, data })', code);
  }
  const { dtype, shape, data } = tensor as Partial<Tensor>;
  if (typeof dtype !== 'string' || !allowed.includes(dtype as DType)) {
    throw inputError(name, `dtype must be ${allowed.join(' or ')}, got ${String(dtype)}`, code);
  }
  if (!Array.isArray(shape)) throw inputError(name, 'shape must be an array of sizes', code);
  if (shape.length !== rank) {
    throw inputError(name, `must have rank ${rank}, got shape [${shape.join(', ')}]`, code);
  }
  let size = 1;
  for (const dim of shape) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw inputError(
        name,
        `shape [${shape.join(', ')}] has a dimension that is not a whole number >= 0`,
        code,
      );
    }
    size *= dim;
  }
  if (!(data instanceof ARRAY_OF[dtype as DType])) {
    throw inputError(
      name,
      `data must be a ${ARRAY_OF[dtype as DType].name} for dtype ${dtype}`,
      code,
    );
  }
  if ((data as ArrayLike<unknown>).length !== size) {
    throw inputError(
      name,
      `shape [${shape.join(', ')}] needs ${size} values, data has ${(data as ArrayLike<unknown>).length}`,
      code,
    );
  }
  return shape;
}
