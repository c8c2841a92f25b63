/**
 * Backward of `concatStates` (reference/concat-states.ts): the output [batch, Σ dirs·units] is a
 * copy of final states, so its gradient is split back into each listed layer's final-state
 * gradient, [directions, batch, units] (the state tensors' layout), forward before backward —
 * the reverse of the forward's copy, as `torch.cat`'s backward slices its gradient. The layer
 * reads no value from its input, so the input gets no gradient.
 */
import type { RecurrentState } from '../../backend.js';
import type { ConcatStatesLayer } from '../../spec/types.js';

/** Final-state gradients by layer name; `h` / `c` [directions, batch, units]. */
export type StateGradients = Map<string, { h?: Float64Array; c?: Float64Array }>;

export function concatStatesBackward(
  layer: ConcatStatesLayer,
  states: RecurrentState,
  batch: number,
  dOutput: Float64Array,
  into: StateGradients,
): void {
  const parts = layer.layers.map((name) => {
    const tensor = layer.kind === 'h' ? states[name]?.h : states[name]?.c;
    if (tensor === undefined) throw new Error(`no final ${layer.kind} state of layer ${name}`);
    const [directions, , units] = tensor.shape;
    return { name, directions, units };
  });
  const features = parts.reduce((n, p) => n + p.directions * p.units, 0);
  for (const { name, directions, units } of parts) {
    const entry = into.get(name) ?? {};
    const d = entry[layer.kind] ?? new Float64Array(directions * batch * units);
    entry[layer.kind] = d;
    into.set(name, entry);
  }
  for (let b = 0; b < batch; b++) {
    let offset = b * features;
    for (const { name, directions, units } of parts) {
      const d = into.get(name)?.[layer.kind] as Float64Array;
      for (let direction = 0; direction < directions; direction++) {
        const start = (direction * batch + b) * units;
        for (let u = 0; u < units; u++) d[start + u] += dOutput[offset + u];
        offset += units;
      }
    }
  }
}
