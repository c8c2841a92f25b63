/**
 * Backward of the layers that drop the time axis (reference/time-reduce.ts): `selectStep` and
 * `pooling`. Forward values come from the reference executor's own functions, so training and
 * inference compute one definition.
 *
 * - selectStep: the gradient goes to the selected position only (PyTorch's `out[:, i, :]`, whose
 *   backward is a zero tensor with the slice filled in).
 * - pooling mean: each counted position gets d / count ('all': every position; 'real': the real
 *   steps of that example; an example without real steps pooled to the constant 0: no gradient).
 * - pooling max: the whole gradient goes to ONE position per (example, feature), the first
 *   maximal one in time order. That is PyTorch's `out.max(dim=1)` backward: `max.dim` returns the
 *   indices of the first maximal value, and tools/autograd/derivatives.yaml differentiates it with
 *   `value_selecting_reduction_backward(grad, dim, indices, ...)`, a scatter to those indices
 *   (checked in make_fixtures.py on a tie). It is not `torch.amax`'s backward (which splits the
 *   gradient evenly among ties) nor tfjs's `max` gradient (which gives every tie the full
 *   gradient); ties are real here, e.g. `paddedOutputs: 'previous'` repeats a step's value.
 */

import type { LayerValues } from '../../reference/values.js';
import { stepPosition } from '../../run/step-index.js';
import type { PoolingLayer, SelectStepLayer } from '../../spec/types.js';

export function selectStepBackward(
  layer: SelectStepLayer,
  input: LayerValues,
  dOutput: Float64Array,
): Float64Array {
  const { batch, time, features } = input;
  const t = stepPosition(layer.index, time);
  const dInput = new Float64Array(batch * time * features);
  for (let b = 0; b < batch; b++) {
    dInput.set(dOutput.subarray(b * features, (b + 1) * features), (b * time + t) * features);
  }
  return dInput;
}

export function poolingBackward(
  layer: PoolingLayer,
  input: LayerValues,
  mask: Uint8Array | undefined,
  dOutput: Float64Array,
): Float64Array {
  const { batch, time, features } = input;
  const dInput = new Float64Array(batch * time * features);
  const counted = (b: number, t: number) =>
    !(layer.steps === 'real' && mask && mask[b * time + t] === 0);
  for (let b = 0; b < batch; b++) {
    let count = 0;
    for (let t = 0; t < time; t++) if (counted(b, t)) count++;
    if (count === 0) continue;
    for (let f = 0; f < features; f++) {
      const d = dOutput[b * features + f];
      if (layer.mode === 'mean') {
        for (let t = 0; t < time; t++) {
          if (counted(b, t)) dInput[(b * time + t) * features + f] = d / count;
        }
        continue;
      }
      // The first maximal position (a NaN wins, as in the forward): the one index PyTorch returns.
      let best = -1;
      for (let t = 0; t < time; t++) {
        if (!counted(b, t)) continue;
        const value = input.data[(b * time + t) * features + f];
        if (
          best < 0 ||
          value > input.data[(b * time + best) * features + f] ||
          Number.isNaN(value)
        ) {
          best = t;
          if (Number.isNaN(value)) break;
        }
      }
      dInput[(b * time + best) * features + f] = d;
    }
  }
  return dInput;
}
