/**
 * `concatStates`: final states of recurrent layers side by side, [batch, sum of dirs*units], in
 * the listed order and forward before backward, as PyTorch's
 * `torch.cat([h_n[i] for i in range(h_n.size(0))], dim=1)` lays out h_n's rows per example.
 */
import type { RecurrentState } from '../backend.js';
import type { ConcatStatesLayer } from '../spec/types.js';
import type { LayerValues } from './values.js';

export function runConcatStates(
  layer: ConcatStatesLayer,
  states: RecurrentState,
  input: LayerValues,
): LayerValues {
  const { batch, time } = input;
  const parts = layer.layers.map((name) => {
    const tensor = layer.kind === 'h' ? states[name]?.h : states[name]?.c;
    if (tensor === undefined) throw new Error(`no final ${layer.kind} state of layer ${name}`);
    const [directions, , units] = tensor.shape;
    return { data: tensor.data as Float64Array, directions, units };
  });
  const features = parts.reduce((n, p) => n + p.directions * p.units, 0);
  const data = new Float64Array(batch * features);
  for (let b = 0; b < batch; b++) {
    let offset = b * features;
    for (const { data: state, directions, units } of parts) {
      // State tensors are [directions, batch, units].
      for (let d = 0; d < directions; d++) {
        const start = (d * batch + b) * units;
        data.set(state.subarray(start, start + units), offset);
        offset += units;
      }
    }
  }
  return { batch, time, features, sequence: false, data };
}
