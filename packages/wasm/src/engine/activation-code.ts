/** Spec activations -> the codes of csrc/activations.h (keep the two in step). */
import type { Activation } from '@rnnkit/core';

export interface ActivationCode {
  code: number;
  alpha: number;
  beta: number;
}

const PLAIN: Record<string, number> = {
  linear: 0,
  relu: 1,
  tanh: 2,
  sigmoid: 3,
  softsign: 4,
  softplus: 5,
  exponential: 6,
};

const PARAMETERISED: Record<string, number> = {
  hardSigmoid: 7,
  leakyRelu: 8,
  thresholdedRelu: 9,
  elu: 10,
  affine: 11,
  scaledTanh: 12,
};

/** softmax is not element-wise: dense heads call softmax_rows instead (see session). */
export function activationCode(activation: Activation): ActivationCode {
  if (typeof activation === 'string') {
    const code = PLAIN[activation];
    if (code === undefined) throw new Error(`no element-wise kernel for '${activation}'`);
    return { code, alpha: 0, beta: 0 };
  }
  const code = PARAMETERISED[activation.name];
  if (code === undefined) throw new Error(`no kernel for activation '${activation.name}'`);
  const params = activation as { alpha?: number; beta?: number };
  return { code, alpha: params.alpha ?? 0, beta: params.beta ?? 0 };
}
