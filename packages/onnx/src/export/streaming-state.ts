/**
 * Graph names of the per-layer recurrent state added by `exportOnnx(model, { streamingState: true })`.
 * Each is float32 [directions, batch, units]. The ORT runner feeds every layer's initial state
 * through `hIn`/`cIn` and reads the final state from `hOut`/`cOut`.
 */
export interface StreamingStateNames {
  hIn: string;
  hOut: string;
  /** LSTM layers only. */
  cIn: string;
  cOut: string;
}

export function streamingStateNames(layerName: string): StreamingStateNames {
  return {
    hIn: `state_in/${layerName}/h`,
    hOut: `state_out/${layerName}/h`,
    cIn: `state_in/${layerName}/c`,
    cOut: `state_out/${layerName}/c`,
  };
}
