/**
 * An `activation` layer: the activation on every position (padded ones too, as Keras's
 * Activation layer ignores the mask), softmax / logSoftmax over the last axis.
 */
import type { ActivationLayer } from '../spec/types.js';
import { activateRows } from './activations.js';
import type { LayerValues } from './values.js';

export function runActivationLayer(layer: ActivationLayer, input: LayerValues): LayerValues {
  const data = Float64Array.from(input.data);
  activateRows(data, input.features, layer.activation);
  return { ...input, data };
}
