/** What every baseline offers: one forward pass of the same model on the same input. */
import type { Tensor } from '@rnnkit/core';

export type BaselineKind =
  | 'tf.layers'
  | 'raw-ort-node'
  | 'raw-ort-web'
  | 'raw-ort-node-1t'
  | 'rnnkit-wasm-simd128'
  | 'rnnkit-tfjs-wasm';

export interface Baseline {
  kind: BaselineKind;
  /** One sequence call; returns the main output's values. */
  run(input: Tensor): Promise<Float32Array>;
  /** Generation: one call per token of `tokens` ([batch, n]), state carried; returns the last call's output. */
  generate(tokens: Tensor): Promise<Float32Array>;
  /**
   * The same forward pass (`generate` when asked) once more, untimed, on a runtime session of its
   * own: for a baseline whose timed calls share rnnkit's session (raw ORT), proof that the graph
   * computes the same without anything rnnkit set up.
   */
  runIndependently?(input: Tensor, generate: boolean): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** Why a baseline cannot run a model (the stock API has no way to express it). */
export class NotExpressible extends Error {}
