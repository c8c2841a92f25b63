/**
 * Spec activations as ONNX: standalone nodes (Dense) and the `activations` strings of the
 * RNN/LSTM/GRU operators.
 *
 * RNN operator alphas/betas are "packed", as onnxruntime reads them: `activation_alpha` holds one
 * value per activation that takes an alpha, in the order of `activations`; likewise
 * `activation_beta`. The exporter always writes them, so no operator default is relied on.
 */
import { type Activation, RnnkitError } from '@rnnkit/core';
import { makeAttribute } from '../proto/index.js';
import type { GraphBuilder } from './graph-builder.js';

/** Emits nodes applying `activation` to `input`; returns the output value name. */
export function emitActivation(
  builder: GraphBuilder,
  activation: Activation,
  input: string,
  hint: string,
): string {
  if (typeof activation === 'string') {
    switch (activation) {
      case 'linear':
        return input;
      case 'relu':
        return builder.node('Relu', [input], hint);
      case 'tanh':
        return builder.node('Tanh', [input], hint);
      case 'sigmoid':
        return builder.node('Sigmoid', [input], hint);
      case 'softsign':
        return builder.node('Softsign', [input], hint);
      case 'softplus':
        return builder.node('Softplus', [input], hint);
      case 'exponential':
        return builder.node('Exp', [input], hint);
      case 'softmax':
        return builder.node('Softmax', [input], hint, [makeAttribute.int('axis', -1)]);
      case 'logSoftmax':
        return builder.node('LogSoftmax', [input], hint, [makeAttribute.int('axis', -1)]);
    }
  }
  switch (activation.name) {
    case 'hardSigmoid':
      return builder.node('HardSigmoid', [input], hint, [
        makeAttribute.float('alpha', activation.alpha),
        makeAttribute.float('beta', activation.beta),
      ]);
    case 'leakyRelu':
      return builder.node('LeakyRelu', [input], hint, [
        makeAttribute.float('alpha', activation.alpha),
      ]);
    case 'thresholdedRelu':
      return builder.node('ThresholdedRelu', [input], hint, [
        makeAttribute.float('alpha', activation.alpha),
      ]);
    case 'elu':
      return builder.node('Elu', [input], hint, [makeAttribute.float('alpha', activation.alpha)]);
    case 'affine': {
      const scaled = builder.node(
        'Mul',
        [input, builder.float32Scalar(activation.alpha)],
        `${hint}_scaled`,
      );
      return builder.node('Add', [scaled, builder.float32Scalar(activation.beta)], hint);
    }
    case 'scaledTanh': {
      const inner = builder.node(
        'Mul',
        [input, builder.float32Scalar(activation.beta)],
        `${hint}_inner`,
      );
      const tanh = builder.node('Tanh', [inner], `${hint}_tanh`);
      return builder.node('Mul', [tanh, builder.float32Scalar(activation.alpha)], hint);
    }
  }
}

/** One RNN-operator activation: its ONNX name and the alpha/beta it consumes. */
export interface OperatorActivation {
  name: string;
  alpha?: number;
  beta?: number;
}

export function operatorActivation(activation: Activation, layer: string): OperatorActivation {
  if (typeof activation === 'string') {
    switch (activation) {
      case 'linear':
        return { name: 'Affine', alpha: 1, beta: 0 };
      case 'relu':
        return { name: 'Relu' };
      case 'tanh':
        return { name: 'Tanh' };
      case 'sigmoid':
        return { name: 'Sigmoid' };
      case 'softsign':
        return { name: 'Softsign' };
      case 'softplus':
        return { name: 'Softplus' };
      default:
        throw new RnnkitError(
          'UNSUPPORTED_FEATURE',
          `layer '${layer}': ONNX recurrent operators have no '${activation}' activation`,
          { feature: `recurrent activation ${activation}`, backend: 'onnx-export', path: layer },
        );
    }
  }
  switch (activation.name) {
    case 'hardSigmoid':
      return { name: 'HardSigmoid', alpha: activation.alpha, beta: activation.beta };
    case 'leakyRelu':
      return { name: 'LeakyRelu', alpha: activation.alpha };
    case 'thresholdedRelu':
      return { name: 'ThresholdedRelu', alpha: activation.alpha };
    case 'elu':
      return { name: 'Elu', alpha: activation.alpha };
    case 'affine':
      return { name: 'Affine', alpha: activation.alpha, beta: activation.beta };
    case 'scaledTanh':
      return { name: 'ScaledTanh', alpha: activation.alpha, beta: activation.beta };
  }
}

/** Which ONNX RNN activations consume an alpha / a beta (onnxruntime's table). */
export const OPERATOR_ACTIVATION_PARAMETERS: Record<string, { alpha: boolean; beta: boolean }> = {
  Relu: { alpha: false, beta: false },
  Tanh: { alpha: false, beta: false },
  Sigmoid: { alpha: false, beta: false },
  Softsign: { alpha: false, beta: false },
  Softplus: { alpha: false, beta: false },
  Affine: { alpha: true, beta: true },
  LeakyRelu: { alpha: true, beta: false },
  ThresholdedRelu: { alpha: true, beta: false },
  ScaledTanh: { alpha: true, beta: true },
  HardSigmoid: { alpha: true, beta: true },
  Elu: { alpha: true, beta: false },
};
