/**
 * The padding mask of a features input with `maskValue` (Keras `Masking`): a step is padding when
 * every feature equals the value (keras/src/layers/core/masking.py). Masked steps may sit anywhere
 * in a sequence, not only at its end.
 */
import { isMaskedStep } from '../spec/input-mask.js';

/** [batch*time], 1 = real, 0 = masked; undefined when no step is masked. */
export function maskValueMask(
  features: Float32Array,
  batch: number,
  time: number,
  size: number,
  maskValue: number,
): Uint8Array | undefined {
  const mask = new Uint8Array(batch * time);
  let masked = false;
  for (let step = 0; step < batch * time; step++) {
    const padding = isMaskedStep(features, step * size, size, maskValue);
    mask[step] = padding ? 0 : 1;
    if (padding) masked = true;
  }
  return masked ? mask : undefined;
}

/** A step is real only when every mask says so; undefined masks mean "all real". */
export function combineMasks(
  a: Uint8Array | undefined,
  b: Uint8Array | undefined,
): Uint8Array | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.map((value, index) => value & b[index]);
}
