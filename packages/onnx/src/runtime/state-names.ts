/**
 * Graph names of the per-layer recurrent state the exporter adds with `streamingState: true`
 * (each [directions, batch, units]): the runner feeds every layer's initial state and reads every
 * layer's final state through them, so streaming never leaves ORT's own tensors.
 */
export function stateInputName(layer: string, kind: 'h' | 'c'): string {
  return `state_in/${layer}/${kind}`;
}

export function stateOutputName(layer: string, kind: 'h' | 'c'): string {
  return `state_out/${layer}/${kind}`;
}
