/**
 * One direction of a recurrent layer, forward with its step caches kept, and backward through
 * time (reference/direction-runner.ts is the forward this mirrors). A padded step (mask 0) is
 * skipped in both passes: the state and its gradient carry through unchanged. Its output is what
 * `paddedOutputs` says: the constant 0 ('zero'), which passes no gradient, or ('previous') a copy
 * of the last real step's output in processing order, whose gradient flows back to that step
 * (0 before the first real step: no gradient).
 */

import type { LayerValues } from '../../reference/values.js';
import type { PaddedOutputs } from '../../spec/types.js';
import type { CellGradients } from './cell-gradients.js';
import type { TrainableCell } from './trainable-cell.js';

export interface DirectionTape {
  /** [batch, time, units], 0 at padded steps. */
  sequence: Float64Array;
  /** [batch, units] final states. */
  h: Float64Array;
  c?: Float64Array;
  /** caches[b][t]: undefined at padded steps. */
  caches: unknown[][];
  paddedOutputs: PaddedOutputs;
}

export function forwardDirection(
  cell: TrainableCell,
  units: number,
  input: LayerValues,
  mask: Uint8Array | undefined,
  reverse: boolean,
  initialH: Float64Array,
  initialC: Float64Array | undefined,
  paddedOutputs: PaddedOutputs = 'zero',
): DirectionTape {
  const { batch, time, features } = input;
  const sequence = new Float64Array(batch * time * units);
  const finalH = new Float64Array(batch * units);
  const finalC = initialC ? new Float64Array(batch * units) : undefined;
  const caches: unknown[][] = [];
  for (let b = 0; b < batch; b++) {
    let h: Float64Array = initialH.slice(b * units, (b + 1) * units);
    let c: Float64Array | undefined = initialC?.slice(b * units, (b + 1) * units);
    const row: unknown[] = new Array(time);
    let read = false;
    for (let step = 0; step < time; step++) {
      const t = reverse ? time - 1 - step : step;
      if (mask && mask[b * time + t] === 0) {
        if (paddedOutputs === 'previous' && read) sequence.set(h, (b * time + t) * units);
        continue;
      }
      read = true;
      const start = (b * time + t) * features;
      const out = cell.forward(input.data.slice(start, start + features), h, c);
      h = out.h;
      c = out.c;
      row[t] = out.cache;
      sequence.set(h, (b * time + t) * units);
    }
    caches.push(row);
    finalH.set(h, b * units);
    if (finalC && c) finalC.set(c, b * units);
  }
  return { sequence, h: finalH, c: finalC, caches, paddedOutputs };
}

/**
 * Backward through time. `dSequence` [batch, time, units] (or undefined) is the gradient of the
 * outputs at each step, `dFinalH` / `dFinalC` [batch, units] of the final state. Adds parameter
 * gradients into `gradients`, adds the input gradients into `dInput` [batch, time, features],
 * and returns the gradients of the initial state.
 */
export function backwardDirection(
  cell: TrainableCell,
  tape: DirectionTape,
  units: number,
  input: LayerValues,
  reverse: boolean,
  dSequence: Float64Array | undefined,
  dFinalH: Float64Array | undefined,
  dFinalC: Float64Array | undefined,
  gradients: CellGradients,
  dInput: Float64Array,
): { dh0: Float64Array; dc0?: Float64Array } {
  const { batch, time, features } = input;
  const dh0 = new Float64Array(batch * units);
  const dc0 = tape.c ? new Float64Array(batch * units) : undefined;
  for (let b = 0; b < batch; b++) {
    let dh: Float64Array = dFinalH
      ? dFinalH.slice(b * units, (b + 1) * units)
      : new Float64Array(units);
    let dc: Float64Array | undefined = tape.c
      ? dFinalC
        ? dFinalC.slice(b * units, (b + 1) * units)
        : new Float64Array(units)
      : undefined;
    // 'previous': gradients of padded outputs that copy the next real step back in this walk.
    const dHeld = new Float64Array(units);
    // Processing order reversed: forward direction walks t = T-1..0, reverse walks t = 0..T-1.
    for (let step = time - 1; step >= 0; step--) {
      const t = reverse ? time - 1 - step : step;
      const cache = tape.caches[b][t];
      const offset = (b * time + t) * units;
      if (cache === undefined) {
        if (dSequence && tape.paddedOutputs === 'previous') {
          for (let u = 0; u < units; u++) dHeld[u] += dSequence[offset + u];
        }
        continue;
      }
      if (dSequence) {
        dh = dh.slice();
        for (let u = 0; u < units; u++) dh[u] += dSequence[offset + u] + dHeld[u];
        dHeld.fill(0);
      }
      const grads = cell.backward(cache, dh, dc, gradients);
      dh = grads.dh;
      dc = grads.dc;
      const inputOffset = (b * time + t) * features;
      for (let k = 0; k < features; k++) dInput[inputOffset + k] += grads.dx[k];
    }
    dh0.set(dh, b * units);
    if (dc0 && dc) dc0.set(dc, b * units);
  }
  return dc0 ? { dh0, dc0 } : { dh0 };
}
