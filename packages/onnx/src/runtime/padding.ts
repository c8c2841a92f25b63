/**
 * ONNX recurrent operators know padding only as `sequence_lens`: every example's real steps must be
 * a prefix of its sequence. The exporter turns Keras `maskZero` and a features `maskValue` (Keras
 * Masking) into in-graph lengths, which is
 * right only for post-padded tokens, so a run whose padding is not a suffix is refused rather than
 * computed differently from the spec.
 *
 * An example that is padding only gets length 0, and ORT then returns a zero final state instead
 * of the initial state the spec keeps; that agrees only when the initial state is zero, so such
 * an example with a non-zero initial state is refused too.
 */
import { type EmbeddingLayer, type ModelSpec, type Tensor, unsupportedFeature } from '@rnnkit/core';
import type { RunnerInputs } from './prepare-run.js';

export function usesMaskZero(spec: ModelSpec): boolean {
  const first = spec.layers[0];
  return first?.type === 'embedding' && (first as EmbeddingLayer).maskZero === true;
}

/** maskZero or a features maskValue: the exporter turns either into in-graph lengths. */
export function usesInGraphMask(spec: ModelSpec): boolean {
  return (
    usesMaskZero(spec) || (spec.input.type === 'features' && spec.input.maskValue !== undefined)
  );
}

function maskFeature(spec: ModelSpec): string {
  return usesMaskZero(spec) ? 'maskZero' : 'maskValue';
}

export function checkSuffixPadding(spec: ModelSpec, prepared: RunnerInputs, backend: string): void {
  const { mask, batch, time } = prepared;
  if (!mask || !usesInGraphMask(spec)) return;
  const feature = maskFeature(spec);
  for (let b = 0; b < batch; b++) {
    let seenPadding = false;
    for (let t = 0; t < time; t++) {
      const real = mask[b * time + t] === 1;
      if (real && seenPadding) {
        throw unsupportedFeature(
          backend,
          `${feature} with padding inside a sequence`,
          `example ${b} has a masked step before the real step ${t}; ONNX expresses only post-padding (sequence lengths)`,
        );
      }
      if (!real) seenPadding = true;
    }
    if (mask[b * time] === 0) checkZeroInitialState(prepared, b, backend, feature);
  }
}

function exampleIsZero(tensor: Tensor, b: number, batch: number): boolean {
  const [directions, , units] = tensor.shape;
  for (let d = 0; d < directions; d++) {
    const start = (d * batch + b) * units;
    for (let u = 0; u < units; u++) if (Number(tensor.data[start + u]) !== 0) return false;
  }
  return true;
}

function checkZeroInitialState(
  prepared: RunnerInputs,
  b: number,
  backend: string,
  feature: string,
): void {
  for (const [layer, state] of Object.entries(prepared.initialState)) {
    for (const tensor of [state.h, state.c]) {
      if (tensor && !exampleIsZero(tensor, b, prepared.batch)) {
        throw unsupportedFeature(
          backend,
          `${feature} example without real steps and with a non-zero initial state`,
          `example ${b} is padding only and layer '${layer}' starts from a non-zero state; ONNX Runtime returns a zero state for a sequence of length 0`,
        );
      }
    }
  }
}
