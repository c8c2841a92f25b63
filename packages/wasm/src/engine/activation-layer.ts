/**
 * Elementwise layer glue in the engine. The spec's `activation` layer: the activation on every row, padded positions
 * included (Keras's Activation ignores the mask), on a copy so the layer before keeps its buffer.
 */
import type { ActivationCode } from './activation-code.js';
import type { KernelExports } from './kernels.js';
import type { MemoryArena } from './memory-arena.js';
import { logSoftmaxRows } from './time-reduce.js';

export type LayerActivation = ActivationCode | 'softmax' | 'logSoftmax';

export function runActivationLayer(
  kernels: KernelExports,
  arena: MemoryArena,
  activation: LayerActivation,
  at: number,
  rows: number,
  width: number,
): number {
  const count = rows * width;
  const out = arena.alloc(count * 4, 'activation output');
  arena.float32.copyWithin(out >> 2, at >> 2, (at >> 2) + count);
  if (activation === 'softmax') kernels.softmax_rows(out, rows, width);
  else if (activation === 'logSoftmax') logSoftmaxRows(arena, out, rows, width);
  else if (activation.code !== 0)
    kernels.activate(out, count, activation.code, activation.alpha, activation.beta);
  return out;
}

/**
 * A sequence [batch, time, width] with each example's time axis reversed, into a new buffer:
 * sequenceOrder 'processing' (Keras go_backwards with return_sequences).
 */
export function reverseTime(
  arena: MemoryArena,
  at: number,
  batch: number,
  time: number,
  width: number,
): number {
  const out = arena.alloc(batch * time * width * 4, 'reversed sequence');
  const f32 = arena.float32;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < time; t++) {
      const from = (at >> 2) + (b * time + t) * width;
      f32.copyWithin((out >> 2) + (b * time + (time - 1 - t)) * width, from, from + width);
    }
  }
  return out;
}
