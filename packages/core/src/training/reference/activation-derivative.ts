/**
 * d act(x) / dx for every element-wise activation the spec has (reference/activations.ts), given
 * both the input x and the output y = act(x) so the usual shortcuts (tanh' = 1 − y²) apply.
 * At a kink the derivative follows the forward's branch (reference/activations.ts): relu'(0) = 0,
 * leakyRelu'(0) = elu'(0) = 1, hardSigmoid' = alpha only strictly inside its clip range (PyTorch's
 * threshold_backward and hardsigmoid_backward make the same choices). Finite-difference tests
 * keep away from kinks.
 */

import { RnnkitError } from '../../errors.js';
import { sigmoid } from '../../reference/activations.js';
import type { Activation } from '../../spec/types.js';

export type Derivative = (x: number, y: number) => number;

export function activationDerivative(activation: Activation): Derivative {
  if (typeof activation === 'string') {
    switch (activation) {
      case 'linear':
        return () => 1;
      case 'relu':
        return (x) => (x > 0 ? 1 : 0);
      case 'tanh':
        return (_x, y) => 1 - y * y;
      case 'sigmoid':
        return (_x, y) => y * (1 - y);
      case 'softsign':
        return (x) => 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x)));
      case 'softplus':
        return (x) => sigmoid(x);
      case 'exponential':
        return (_x, y) => y;
      case 'softmax':
      case 'logSoftmax':
        break;
    }
  } else {
    switch (activation.name) {
      case 'hardSigmoid': {
        const { alpha, beta } = activation;
        return (x) => {
          const v = alpha * x + beta;
          return v > 0 && v < 1 ? alpha : 0;
        };
      }
      case 'leakyRelu': {
        const { alpha } = activation;
        return (x) => (x >= 0 ? 1 : alpha);
      }
      case 'thresholdedRelu': {
        const { alpha } = activation;
        return (x) => (x > alpha ? 1 : 0);
      }
      case 'elu': {
        const { alpha } = activation;
        return (x, y) => (x >= 0 ? 1 : y + alpha);
      }
      case 'affine': {
        const { alpha } = activation;
        return () => alpha;
      }
      case 'scaledTanh': {
        const { alpha, beta } = activation;
        return (x) => {
          const t = Math.tanh(beta * x);
          return alpha * beta * (1 - t * t);
        };
      }
    }
  }
  throw new RnnkitError(
    'INVALID_SPEC',
    `no element-wise derivative for activation ${JSON.stringify(activation)}`,
    { path: 'activation' },
  );
}
