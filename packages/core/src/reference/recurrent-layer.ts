/**
 * One recurrent layer: its one or two directions, merged.
 * Bidirectional: both directions run independently from their own initial state; concat puts the
 * forward half first; sum, ave ((fw+bw)/2) and mul are element-wise. Without returnSequences the
 * output is merge(forward final h, backward final h), the backward one being the state after
 * consuming t = 0.
 */
import type { LayerState } from '../backend.js';
import { layerForDirection, type ResolvedRecurrentLayer } from '../spec/resolve.js';
import type { MergeMode } from '../spec/types.js';
import { directionPrefixes, type Weights } from '../weights/canonical.js';
import type { Cell } from './cell.js';
import { type CellWeights, cellWeights } from './cell-weights.js';
import { type DirectionResult, runDirection } from './direction-runner.js';
import { gruCell } from './gru-cell.js';
import { lstmCell } from './lstm-cell.js';
import { simpleRnnCell } from './simple-rnn-cell.js';
import type { LayerValues } from './values.js';

function makeCell(layer: ResolvedRecurrentLayer, weights: CellWeights): Cell {
  switch (layer.type) {
    case 'simpleRnn':
      return simpleRnnCell(layer, weights);
    case 'lstm':
      return lstmCell(layer, weights);
    case 'gru':
      return gruCell(layer, weights);
  }
}

function merge(mode: MergeMode, forward: number, backward: number): number {
  switch (mode) {
    case 'sum':
      return forward + backward;
    case 'ave':
      return (forward + backward) / 2;
    case 'mul':
      return forward * backward;
    case 'concat':
      throw new Error('concat is not element-wise');
  }
}

/**
 * Joins per-direction rows of `units` ([rows, units] each) into [rows, outputSize].
 * Padded steps hold each direction's `paddedOutputs` value and are merged like any other.
 */
function mergeRows(
  layer: ResolvedRecurrentLayer,
  parts: Float64Array[],
  rows: number,
): Float64Array {
  const units = layer.units;
  if (parts.length === 1) return parts[0];
  const [forward, backward] = parts;
  const out = new Float64Array(rows * layer.outputSize);
  for (let row = 0; row < rows; row++) {
    for (let u = 0; u < units; u++) {
      const f = forward[row * units + u];
      const b = backward[row * units + u];
      if (layer.mergeMode === 'concat') {
        out[row * 2 * units + u] = f;
        out[row * 2 * units + units + u] = b;
      } else {
        out[row * units + u] = merge(layer.mergeMode, f, b);
      }
    }
  }
  return out;
}

export function runRecurrentLayer(
  layer: ResolvedRecurrentLayer,
  weights: Weights,
  input: LayerValues,
  mask: Uint8Array | undefined,
  initial: LayerState,
): { output: LayerValues; state: LayerState } {
  const { batch, time } = input;
  const units = layer.units;
  const perDirection = batch * units;
  const results: DirectionResult[] = directionPrefixes(layer.name, layer.directions).map(
    (prefix, d) => {
      // The backward direction of a bidirectional layer may have its own activations.
      const cell = makeCell(
        layerForDirection(layer, d),
        cellWeights(weights, prefix, layer.gates, units),
      );
      const reverse = layer.direction === 'reverse' || d === 1;
      const h0 = (initial.h.data as Float64Array).subarray(
        d * perDirection,
        (d + 1) * perDirection,
      );
      const c0 = initial.c
        ? (initial.c.data as Float64Array).subarray(d * perDirection, (d + 1) * perDirection)
        : undefined;
      return runDirection(
        cell,
        units,
        input,
        mask,
        reverse,
        Float64Array.from(h0),
        c0 ? Float64Array.from(c0) : undefined,
        layer.paddedOutputs,
      );
    },
  );

  const stateShape = [layer.directions, batch, units];
  const stack = (parts: Float64Array[]) => {
    const data = new Float64Array(layer.directions * perDirection);
    for (let d = 0; d < parts.length; d++) data.set(parts[d], d * perDirection);
    return { dtype: 'float64' as const, shape: [...stateShape], data };
  };
  const state: LayerState = { h: stack(results.map((r) => r.h)) };
  if (layer.type === 'lstm') state.c = stack(results.map((r) => r.c as Float64Array));

  const sequence = () => {
    const rows = mergeRows(
      layer,
      results.map((r) => r.sequence),
      batch * time,
    );
    return layer.sequenceOrder === 'processing'
      ? reverseTime(rows, batch, time, layer.outputSize)
      : rows;
  };
  const output: LayerValues = layer.returnSequences
    ? { batch, time, features: layer.outputSize, sequence: true, data: sequence() }
    : {
        batch,
        time,
        features: layer.outputSize,
        sequence: false,
        data: mergeRows(
          layer,
          results.map((r) => r.h),
          batch,
        ),
      };
  return { output, state };
}

/** [batch, time, width] with each example's time axis reversed (sequenceOrder 'processing'). */
export function reverseTime(
  data: Float64Array,
  batch: number,
  time: number,
  width: number,
): Float64Array {
  const out = new Float64Array(data.length);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < time; t++) {
      const from = (b * time + t) * width;
      out.set(data.subarray(from, from + width), (b * time + (time - 1 - t)) * width);
    }
  }
  return out;
}
