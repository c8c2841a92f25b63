/**
 * Where a model's padding mask comes from, in one place: Embedding `maskZero` (token 0) and a
 * features input's `maskValue` (Keras `Masking`: every feature equals the value). Together with
 * `sequenceLengths` these are the ways a model can pad.
 */
import type { EmbeddingLayer, ModelSpec } from './types.js';

export function usesMaskZero(spec: ModelSpec): boolean {
  const first = spec.layers[0];
  return first?.type === 'embedding' && (first as EmbeddingLayer).maskZero === true;
}

/** The features input's mask value, undefined when it has none (or the input is tokens). */
export function inputMaskValue(spec: ModelSpec): number | undefined {
  return spec.input.type === 'features' ? spec.input.maskValue : undefined;
}

/** True when a step can be padding: sequenceLengths, maskZero or maskValue. */
export function canPad(spec: ModelSpec): boolean {
  return (
    spec.sequenceLengths !== undefined || usesMaskZero(spec) || inputMaskValue(spec) !== undefined
  );
}

/**
 * Keras's Masking test for one step: masked iff every feature equals the mask value. Keras
 * compares float32 inputs with the value cast to float32, so `maskValue` is rounded the same way.
 */
export function isMaskedStep(
  features: ArrayLike<number>,
  offset: number,
  size: number,
  maskValue: number,
): boolean {
  const value = Math.fround(maskValue);
  for (let i = 0; i < size; i++) if (Math.fround(features[offset + i]) !== value) return false;
  return true;
}
