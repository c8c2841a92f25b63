/**
 * Runs one direction of a recurrent layer over a batch-major sequence.
 *
 * Forward reads t = 0..T-1, reverse reads t = T-1..0; either way the output at t is the state
 * right after consuming step t, so sequence outputs stay time-aligned (ONNX's convention).
 * A step whose mask is 0 is skipped: the state carries over unchanged and the output there is
 * what `paddedOutputs` says: 0, or ('previous') the output of the last real step read in this
 * direction, 0 before the first one (Keras's prev_output starts at zeros, not at the initial
 * state). With lengths this makes the reverse direction start at t = length-1, as ONNX
 * sequence_lens and Keras masking both do.
 */
import type { PaddedOutputs } from '../spec/types.js';
import type { Cell, CellState } from './cell.js';
import type { LayerValues } from './values.js';

export interface DirectionResult {
  /** [batch, time, units]; padded steps as `paddedOutputs` says. */
  sequence: Float64Array;
  /** [batch, units], the state after the last real step read. */
  h: Float64Array;
  /** [batch, units], LSTM only. */
  c?: Float64Array;
}

export function runDirection(
  cell: Cell,
  units: number,
  input: LayerValues,
  mask: Uint8Array | undefined,
  reverse: boolean,
  initialH: Float64Array,
  initialC: Float64Array | undefined,
  paddedOutputs: PaddedOutputs = 'zero',
): DirectionResult {
  const { batch, time, features } = input;
  const sequence = new Float64Array(batch * time * units);
  const finalH = new Float64Array(batch * units);
  const finalC = initialC ? new Float64Array(batch * units) : undefined;
  for (let b = 0; b < batch; b++) {
    let state: CellState = {
      h: initialH.slice(b * units, (b + 1) * units),
      c: initialC?.slice(b * units, (b + 1) * units),
    };
    let lastOutput: Float64Array | undefined;
    for (let step = 0; step < time; step++) {
      const t = reverse ? time - 1 - step : step;
      if (mask && mask[b * time + t] === 0) {
        if (paddedOutputs === 'previous' && lastOutput) {
          sequence.set(lastOutput, (b * time + t) * units);
        }
        continue;
      }
      const start = (b * time + t) * features;
      const x = input.data.subarray(start, start + features);
      state = cell(x, state);
      sequence.set(state.h, (b * time + t) * units);
      lastOutput = state.h;
    }
    finalH.set(state.h, b * units);
    if (finalC && state.c) finalC.set(state.c, b * units);
  }
  return finalC ? { sequence, h: finalH, c: finalC } : { sequence, h: finalH };
}
