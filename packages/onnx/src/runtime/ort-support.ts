/**
 * What the ORT backends refuse, decided from the spec alone so `supports()` and `load()` agree.
 * Everything else is whatever the exporter can express; its own UNSUPPORTED_FEATURE refusals are
 * passed on with the backend's id.
 */
import { type Activation, type ModelSpec, recurrentLayers, type SupportReport } from '@rnnkit/core';

/** Spec activations with an ONNX RNN/LSTM/GRU activation that ORT's CPU kernels implement. */
const RECURRENT_ACTIVATIONS = new Set([
  'linear', // Affine(alpha=1, beta=0)
  'relu',
  'tanh',
  'sigmoid',
  'softsign',
  'softplus',
  'hardSigmoid',
  'leakyRelu',
  'thresholdedRelu',
  'elu',
  'affine',
  'scaledTanh',
]);

function activationName(activation: Activation): string {
  return typeof activation === 'string' ? activation : activation.name;
}

export function ortSupport(spec: ModelSpec): SupportReport {
  for (const layer of recurrentLayers(spec)) {
    const used =
      layer.type === 'simpleRnn'
        ? [layer.activation]
        : [layer.activation, layer.recurrentActivation];
    for (const activation of used) {
      const name = activationName(activation);
      if (!RECURRENT_ACTIVATIONS.has(name)) {
        return {
          supported: false,
          feature: `${layer.type} activation '${name}'`,
          reason: `layer '${layer.name}': ONNX recurrent operators have no '${name}' activation`,
        };
      }
    }
  }
  return { supported: true };
}
