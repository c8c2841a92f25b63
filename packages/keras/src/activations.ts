/**
 * Keras activation names -> spec activations, and back for TF.js layers.
 * hard_sigmoid changed meaning in Keras 3 (relu6(x+3)/6, slope 1/6); Keras 1/2 and TF.js use
 * clip(0.2x + 0.5, 0, 1). The writer's version decides, never a guess.
 */
import type { Activation } from '@rnnkit/core';
import { unsupported } from './errors.js';
import type { KerasFlavor } from './keras-version.js';

const PLAIN: Record<string, Activation> = {
  linear: 'linear',
  relu: 'relu',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  softsign: 'softsign',
  softplus: 'softplus',
  softmax: 'softmax',
  // Keras 3's keras.activations.log_softmax (axis -1).
  log_softmax: 'logSoftmax',
  exponential: 'exponential',
};

export function kerasActivation(value: unknown, flavor: KerasFlavor, path: string): Activation {
  const raw = activationName(value);
  if (raw === undefined) return 'linear';
  // TF.js spells some names in camelCase in hand-written configs.
  const name = raw.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  const plain = Object.hasOwn(PLAIN, name) ? PLAIN[name] : undefined;
  if (plain !== undefined) return plain;
  if (name === 'hard_sigmoid') {
    return flavor === 'keras3'
      ? { name: 'hardSigmoid', alpha: 1 / 6, beta: 0.5 }
      : { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 };
  }
  if (name === 'elu') return { name: 'elu', alpha: 1 };
  if (name === 'leaky_relu' && flavor === 'keras3') return { name: 'leakyRelu', alpha: 0.2 };
  throw unsupported(`activation '${raw}'`, 'the rnnkit spec has no such activation', path);
}

function activationName(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  // Keras 3 may serialise a function as { module, class_name: 'function', config: 'relu' }.
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.config === 'string') return record.config;
    if (typeof record.class_name === 'string') return record.class_name;
  }
  return String(value);
}

/** Spec activation -> the name TF.js layers understands, or undefined when it has none. */
export function tfjsActivationName(activation: Activation): string | undefined {
  if (typeof activation === 'string') {
    // TF.js layers has neither exponential nor log_softmax as a layer activation.
    return activation === 'exponential' || activation === 'logSoftmax' ? undefined : activation;
  }
  if (activation.name === 'hardSigmoid' && activation.alpha === 0.2 && activation.beta === 0.5) {
    return 'hard_sigmoid';
  }
  if (activation.name === 'elu' && activation.alpha === 1) return 'elu';
  return undefined;
}
