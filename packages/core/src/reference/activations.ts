/**
 * Every activation the spec names, as plain float64 functions of one value (softmax, the one
 * that needs a whole row, is separate). Written the way the spec's types.ts defines them; the
 * numerically careful forms (sigmoid, softplus) only avoid overflow and agree with the naive ones.
 */
import { RnnkitError } from '../errors.js';
import type { Activation } from '../spec/types.js';

export type ScalarFunction = (x: number) => number;

export function sigmoid(x: number): number {
  // exp of a large positive argument overflows to Infinity; use the mirrored form for x < 0.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function softplus(x: number): number {
  // log(1 + exp(x)) without overflow for large x.
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** The element-wise function of an activation; softmax is refused here (it is Dense-only). */
export function scalarActivation(activation: Activation): ScalarFunction {
  if (typeof activation === 'string') {
    switch (activation) {
      case 'linear':
        return (x) => x;
      case 'relu':
        return (x) => Math.max(x, 0);
      case 'tanh':
        return Math.tanh;
      case 'sigmoid':
        return sigmoid;
      case 'softsign':
        return (x) => x / (1 + Math.abs(x));
      case 'softplus':
        return softplus;
      case 'exponential':
        return Math.exp;
      case 'softmax':
      case 'logSoftmax':
        throw new RnnkitError(
          'INVALID_SPEC',
          `${activation} works on a whole row; only dense layers may use it`,
          {
            path: 'activation',
          },
        );
    }
  } else {
    switch (activation.name) {
      case 'hardSigmoid': {
        const { alpha, beta } = activation;
        return (x) => Math.min(1, Math.max(0, alpha * x + beta));
      }
      case 'leakyRelu': {
        const { alpha } = activation;
        return (x) => (x >= 0 ? x : alpha * x);
      }
      case 'thresholdedRelu': {
        const { alpha } = activation;
        return (x) => (x > alpha ? x : 0);
      }
      case 'elu': {
        const { alpha } = activation;
        return (x) => (x >= 0 ? x : alpha * (Math.exp(x) - 1));
      }
      case 'affine': {
        const { alpha, beta } = activation;
        return (x) => alpha * x + beta;
      }
      case 'scaledTanh': {
        const { alpha, beta } = activation;
        return (x) => alpha * Math.tanh(beta * x);
      }
    }
  }
  throw new RnnkitError('INVALID_SPEC', `unknown activation ${JSON.stringify(activation)}`, {
    path: 'activation',
  });
}

/** Softmax of `row[offset .. offset+length)`, in place; the max is subtracted so exp never overflows. */
export function softmaxInPlace(row: Float64Array, offset: number, length: number): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < length; i++) max = Math.max(max, row[offset + i]);
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const e = Math.exp(row[offset + i] - max);
    row[offset + i] = e;
    sum += e;
  }
  for (let i = 0; i < length; i++) row[offset + i] /= sum;
}

/** log(softmax) of `row[offset .. offset+length)`, in place: x - max - log(sum(exp(x - max))). */
export function logSoftmaxInPlace(row: Float64Array, offset: number, length: number): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < length; i++) max = Math.max(max, row[offset + i]);
  let sum = 0;
  for (let i = 0; i < length; i++) sum += Math.exp(row[offset + i] - max);
  const shift = max + Math.log(sum);
  for (let i = 0; i < length; i++) row[offset + i] -= shift;
}

/** Applies an activation to each row of `values` (rows of `width`), in place. */
export function activateRows(values: Float64Array, width: number, activation: Activation): void {
  if (activation === 'softmax') {
    for (let offset = 0; offset < values.length; offset += width)
      softmaxInPlace(values, offset, width);
    return;
  }
  if (activation === 'logSoftmax') {
    for (let offset = 0; offset < values.length; offset += width)
      logSoftmaxInPlace(values, offset, width);
    return;
  }
  if (activation === 'linear') return;
  const f = scalarActivation(activation);
  for (let i = 0; i < values.length; i++) values[i] = f(values[i]);
}
