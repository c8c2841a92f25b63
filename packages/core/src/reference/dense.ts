/** Dense: act(x·W + b) on the last axis, so on a sequence it applies to every time step. */
import type { DenseLayer } from '../spec/types.js';
import type { Weights } from '../weights/canonical.js';
import { activateRows } from './activations.js';
import { vectorTimesMatrix, weight64 } from './cell-weights.js';
import type { LayerValues } from './values.js';

export function runDense(layer: DenseLayer, weights: Weights, input: LayerValues): LayerValues {
  const kernel = weight64(weights, `${layer.name}/kernel`);
  const units = layer.units;
  const bias =
    (layer.useBias ?? true) ? weight64(weights, `${layer.name}/bias`) : new Float64Array(units);
  const rows = input.data.length / input.features;
  const data = new Float64Array(rows * units);
  for (let row = 0; row < rows; row++) {
    const x = input.data.subarray(row * input.features, (row + 1) * input.features);
    const y = vectorTimesMatrix(x, kernel, units);
    for (let u = 0; u < units; u++) data[row * units + u] = y[u] + bias[u];
  }
  activateRows(data, units, layer.activation ?? 'linear');
  return { ...input, features: units, data };
}
