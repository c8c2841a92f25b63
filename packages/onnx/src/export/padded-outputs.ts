/**
 * `paddedOutputs: 'previous'` (Keras's plain masked layers) on a native ONNX recurrent node.
 *
 * ONNX Runtime writes zeros into `Y` at steps t >= sequence_lens[b] (the spec's 'zero'). The
 * exported graph only ever pads a suffix (sequence lengths, or maskZero turned into lengths and
 * checked to be post-padding by the runner), so under 'previous':
 * - the forward direction's padded steps hold its last real output, which is its final state
 *   `Y_h` (or 0 for an example of length 0, where ORT returns a zero `Y_h`);
 * - the backward direction reads the padded suffix first, before any real step, so they hold 0,
 *   which is what ORT wrote.
 * So Y' = Where(t < length, Y, Y_h with the backward half zeroed).
 */
import type { ResolvedRecurrentLayer } from '@rnnkit/core';
import type { GraphBuilder } from './graph-builder.js';
import { realSteps } from './real-steps.js';

/** Y [T, dirs, B, H] -> Y with the padded steps filled as 'previous' says. */
export function holdPreviousOutputs(
  builder: GraphBuilder,
  layer: ResolvedRecurrentLayer,
  x: string,
  y: string,
  finalH: string,
  lengths: string,
): string {
  if (layer.direction === 'reverse') return y;
  const hint = `${layer.name}/padded`;
  const real = realSteps(builder, x, lengths, hint);
  const real4 = builder.node(
    'Reshape',
    [real, builder.int64Constant([0, 1, -1, 1])],
    `${hint}/real_t1b1`,
  );
  let fill = finalH;
  if (layer.directions === 2) {
    const forwardOnly = builder.initializer(
      builder.fresh(`${hint}/forward_only`),
      [2, 1, 1],
      new Float32Array([1, 0]),
    );
    fill = builder.node('Mul', [finalH, forwardOnly], `${hint}/forward_final`);
  }
  const fill4 = builder.node('Unsqueeze', [fill, builder.int64Constant([0])], `${hint}/fill`);
  return builder.node('Where', [real4, y, fill4], `${hint}/Y`);
}
