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

/** What one ORT execution provider adds to the refusals every ORT backend makes. */
export interface ProviderLimits {
  /** Provider name for messages ('WebGPU'). */
  provider: string;
  /**
   * Activations its LSTM and GRU kernels implement. ORT does not fall back to the CPU for an
   * activation a kernel lacks: it fails at session creation or at the first run, so the backend
   * refuses such models at load instead.
   */
  gatedActivations: ReadonlySet<string>;
}

export function ortSupport(spec: ModelSpec, limits?: ProviderLimits): SupportReport {
  for (const layer of recurrentLayers(spec)) {
    const used =
      layer.type === 'simpleRnn'
        ? [layer.activation, layer.backward.activation]
        : [
            layer.activation,
            layer.recurrentActivation,
            layer.backward.activation,
            layer.backward.recurrentActivation,
          ];
    for (const activation of used) {
      const name = activationName(activation);
      if (!RECURRENT_ACTIVATIONS.has(name)) {
        return {
          supported: false,
          feature: `${layer.type} activation '${name}'`,
          reason: `layer '${layer.name}': ONNX recurrent operators have no '${name}' activation`,
        };
      }
      if (limits && layer.type !== 'simpleRnn' && !limits.gatedActivations.has(name)) {
        return {
          supported: false,
          feature: `${layer.type} activation '${name}' on ${limits.provider}`,
          reason: `layer '${layer.name}': ORT's ${limits.provider} ${layer.type.toUpperCase()} kernel implements only ${[...limits.gatedActivations].join(', ')}`,
        };
      }
    }
  }
  return { supported: true };
}
