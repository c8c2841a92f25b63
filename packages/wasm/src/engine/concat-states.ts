/**
 * `concatStates` in JS glue: the listed layers' final states (already read back from wasm memory
 * as [dirs, batch, units] tensors) side by side per example, forward before backward, in the
 * listed order; written back to the arena for the layers after it. Same layout as core's
 * reference (packages/core/src/reference/concat-states.ts).
 */
import type { ConcatStatesLayer, RecurrentState } from '@rnnkit/core';

export function concatStates(
  layer: ConcatStatesLayer,
  state: RecurrentState,
  batch: number,
): Float32Array {
  const parts = layer.layers.map((name) => {
    const tensor = layer.kind === 'h' ? state[name]?.h : state[name]?.c;
    if (tensor === undefined)
      throw new Error(`rnnkit-wasm: no final ${layer.kind} state of ${name}`);
    const [directions, , units] = tensor.shape;
    return { data: tensor.data as Float32Array, directions, units };
  });
  const width = parts.reduce((n, p) => n + p.directions * p.units, 0);
  const out = new Float32Array(batch * width);
  for (let b = 0; b < batch; b++) {
    let offset = b * width;
    for (const { data, directions, units } of parts) {
      for (let d = 0; d < directions; d++) {
        const start = (d * batch + b) * units;
        out.set(data.subarray(start, start + units), offset);
        offset += units;
      }
    }
  }
  return out;
}
