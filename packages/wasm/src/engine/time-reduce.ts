/**
 * The layers that drop the time axis, as plain loops over the session's wasm memory:
 * `selectStep` (one position) and `pooling` (mean or max over every step or over real steps).
 * Same definitions as core's reference (packages/core/src/reference/time-reduce.ts): an
 * example without real steps pools to 0; max propagates NaN. Sums are taken in float64 and
 * stored as float32, so they are at least as accurate as a float32 kernel.
 * Input rows [batch*time, width] (row b*time + t); output rows [batch, width].
 */
import { stepPosition } from '@rnnkit/core';
import type { MemoryArena } from './memory-arena.js';

export function selectStep(
  arena: MemoryArena,
  input: number,
  batch: number,
  time: number,
  width: number,
  index: number,
): number {
  // The index was checked against `time` by prepareRunInputs (INVALID_INPUT before any run).
  const t = stepPosition(index, time);
  const out = arena.alloc(batch * width * 4, 'selectStep output');
  const f32 = arena.float32;
  for (let b = 0; b < batch; b++) {
    const from = (input >> 2) + (b * time + t) * width;
    f32.copyWithin((out >> 2) + b * width, from, from + width);
  }
  return out;
}

/** `mask` is the address of [batch*time] bytes (1 = real), 0 when every step is real. */
export function pool(
  arena: MemoryArena,
  input: number,
  batch: number,
  time: number,
  width: number,
  mode: 'mean' | 'max',
  realOnly: boolean,
  mask: number,
): number {
  const out = arena.alloc(batch * width * 4, 'pooling output');
  const f32 = arena.float32;
  const u8 = arena.uint8;
  const base = input >> 2;
  for (let b = 0; b < batch; b++) {
    for (let f = 0; f < width; f++) {
      let sum = 0;
      let max = Number.NEGATIVE_INFINITY;
      let count = 0;
      for (let t = 0; t < time; t++) {
        if (realOnly && mask !== 0 && u8[mask + b * time + t] === 0) continue;
        const value = f32[base + (b * time + t) * width + f];
        sum += value;
        if (value > max || Number.isNaN(value)) max = value;
        count++;
      }
      f32[(out >> 2) + b * width + f] = count === 0 ? 0 : mode === 'mean' ? sum / count : max;
    }
  }
  return out;
}

/** log(softmax) of each row in place: x - max - log(sum(exp(x - max))), in float64. */
export function logSoftmaxRows(arena: MemoryArena, at: number, rows: number, width: number): void {
  const f32 = arena.float32;
  for (let r = 0; r < rows; r++) {
    const start = (at >> 2) + r * width;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < width; i++) max = Math.max(max, f32[start + i]);
    let sum = 0;
    for (let i = 0; i < width; i++) sum += Math.exp(f32[start + i] - max);
    const shift = max + Math.log(sum);
    for (let i = 0; i < width; i++) f32[start + i] -= shift;
  }
}
