/**
 * ONNX recurrent operators know padding only as `sequence_lens`: every example's real steps must be
 * a prefix of its sequence. The exporter turns Keras `maskZero` into in-graph lengths, which is
 * right only for post-padded tokens, so a run whose padding is not a suffix is refused rather than
 * computed differently from the spec.
 */
import {
  type EmbeddingLayer,
  type ModelSpec,
  type PreparedRun,
  unsupportedFeature,
} from '@rnnkit/core';

export function usesMaskZero(spec: ModelSpec): boolean {
  const first = spec.layers[0];
  return first?.type === 'embedding' && (first as EmbeddingLayer).maskZero === true;
}

export function checkSuffixPadding(spec: ModelSpec, prepared: PreparedRun, backend: string): void {
  const { mask, batch, time } = prepared;
  if (!mask || !usesMaskZero(spec)) return;
  for (let b = 0; b < batch; b++) {
    let seenPadding = false;
    for (let t = 0; t < time; t++) {
      const real = mask[b * time + t] === 1;
      if (real && seenPadding) {
        throw unsupportedFeature(
          backend,
          'maskZero with padding inside a sequence',
          `example ${b} has a padding token (0) before the real step ${t}; ONNX expresses only post-padding (sequence lengths)`,
        );
      }
      if (!real) seenPadding = true;
    }
  }
}
