/**
 * The layers that drop the time axis: `selectStep` (one position) and `pooling` (mean or max over
 * time, over every position or over real steps only). [batch, time, features] -> [batch, features].
 */
import { stepPosition } from '../run/step-index.js';
import type { PoolingLayer, SelectStepLayer } from '../spec/types.js';
import type { LayerValues } from './values.js';

export function runSelectStep(layer: SelectStepLayer, input: LayerValues): LayerValues {
  const { batch, time, features } = input;
  const t = stepPosition(layer.index, time);
  const data = new Float64Array(batch * features);
  for (let b = 0; b < batch; b++) {
    const start = (b * time + t) * features;
    data.set(input.data.subarray(start, start + features), b * features);
  }
  return { batch, time, features, sequence: false, data };
}

/** `mask` [batch*time] (1 = real step) matters only with steps 'real'; no mask = every step real. */
export function runPooling(
  layer: PoolingLayer,
  input: LayerValues,
  mask: Uint8Array | undefined,
): LayerValues {
  const { batch, time, features } = input;
  const data = new Float64Array(batch * features);
  for (let b = 0; b < batch; b++) {
    for (let f = 0; f < features; f++) {
      let sum = 0;
      let max = Number.NEGATIVE_INFINITY;
      let count = 0;
      for (let t = 0; t < time; t++) {
        if (layer.steps === 'real' && mask && mask[b * time + t] === 0) continue;
        const value = input.data[(b * time + t) * features + f];
        sum += value;
        if (value > max || Number.isNaN(value)) max = value;
        count++;
      }
      // An example without real steps pools to 0 (documented in docs/spec.md).
      data[b * features + f] = count === 0 ? 0 : layer.mode === 'mean' ? sum / count : max;
    }
  }
  return { batch, time, features, sequence: false, data };
}
