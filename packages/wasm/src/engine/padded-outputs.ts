/**
 * paddedOutputs 'previous' (docs/spec.md; reference: packages/core/src/reference/direction-runner.ts):
 * the kernel (csrc/recurrent.c) writes zeros at padded steps; this then repeats, in the order
 * the direction reads the steps, the output of the last real step it read over each padded
 * step after it. Steps before the first real one stay 0 (Keras's prev_output starts at zeros).
 * `out` points at this direction's first column; rows are `stride` floats apart.
 */
import type { MemoryArena } from './memory-arena.js';

export function repeatPreviousOutputs(
  arena: MemoryArena,
  out: number,
  stride: number,
  units: number,
  batch: number,
  time: number,
  mask: number,
  reverse: boolean,
): void {
  if (mask === 0) return; // every step real: nothing padded
  const f32 = arena.float32;
  const u8 = arena.uint8;
  for (let b = 0; b < batch; b++) {
    let last = -1;
    for (let step = 0; step < time; step++) {
      const t = reverse ? time - 1 - step : step;
      const row = (out >> 2) + (b * time + t) * stride;
      if (u8[mask + b * time + t] !== 0) last = row;
      else if (last >= 0) f32.copyWithin(row, last, last + units);
    }
  }
}
