/**
 * A recurrent layer's one or two directions, merged (reference/recurrent-layer.ts), forward with
 * tapes and backward. Merge gradients: concat splits, sum passes to both, ave halves, mul
 * multiplies by the other direction's value. `sequenceOrder: 'processing'` reverses the returned
 * sequence's time axis (a permutation), so its backward reverses the gradient the same way. The
 * final states may get gradients of their own (a later `concatStates` layer reads them).
 */
import type { LayerState } from '../../backend.js';
import { reverseTime } from '../../reference/recurrent-layer.js';
import type { LayerValues } from '../../reference/values.js';
import { layerForDirection, type ResolvedRecurrentLayer } from '../../spec/resolve.js';
import { directionPrefixes } from '../../weights/canonical.js';
import { type CellGradients, type CellParameters, zeroCellGradients } from './cell-gradients.js';
import { backwardDirection, type DirectionTape, forwardDirection } from './direction-tape.js';
import { gruStep } from './gru-step.js';
import { lstmStep } from './lstm-step.js';
import type { ParameterStore } from './parameter-store.js';
import { simpleRnnStep } from './simple-rnn-step.js';
import type { TrainableCell } from './trainable-cell.js';

export interface RecurrentTape {
  layer: ResolvedRecurrentLayer;
  input: LayerValues;
  mask: Uint8Array | undefined;
  prefixes: string[];
  cells: TrainableCell[];
  parameters: CellParameters[];
  directions: DirectionTape[];
}

function makeCell(layer: ResolvedRecurrentLayer, p: CellParameters): TrainableCell {
  switch (layer.type) {
    case 'simpleRnn':
      return simpleRnnStep(layer, p) as TrainableCell;
    case 'lstm':
      return lstmStep(layer, p) as TrainableCell;
    case 'gru':
      return gruStep(layer, p) as TrainableCell;
  }
}

export function cellParameters(
  store: ParameterStore,
  prefix: string,
  gates: number,
  units: number,
): CellParameters {
  return {
    kernel: store.get(`${prefix}kernel`),
    recurrentKernel: store.get(`${prefix}recurrentKernel`),
    bias: store.optional(`${prefix}bias`, gates * units),
    recurrentBias: store.optional(`${prefix}recurrentBias`, gates * units),
    peephole: store.optional(`${prefix}peephole`, 3 * units),
  };
}

function mergeForward(
  layer: ResolvedRecurrentLayer,
  parts: Float64Array[],
  rows: number,
): Float64Array {
  if (parts.length === 1) return parts[0];
  const units = layer.units;
  const [f, b] = parts;
  const out = new Float64Array(rows * layer.outputSize);
  for (let row = 0; row < rows; row++) {
    for (let u = 0; u < units; u++) {
      const x = f[row * units + u];
      const y = b[row * units + u];
      switch (layer.mergeMode) {
        case 'concat':
          out[row * 2 * units + u] = x;
          out[row * 2 * units + units + u] = y;
          break;
        case 'sum':
          out[row * units + u] = x + y;
          break;
        case 'ave':
          out[row * units + u] = (x + y) / 2;
          break;
        case 'mul':
          out[row * units + u] = x * y;
          break;
      }
    }
  }
  return out;
}

function mergeBackward(
  layer: ResolvedRecurrentLayer,
  parts: Float64Array[],
  dOut: Float64Array,
  rows: number,
): Float64Array[] {
  if (parts.length === 1) return [dOut];
  const units = layer.units;
  const [f, b] = parts;
  const df = new Float64Array(rows * units);
  const db = new Float64Array(rows * units);
  for (let row = 0; row < rows; row++) {
    for (let u = 0; u < units; u++) {
      const i = row * units + u;
      switch (layer.mergeMode) {
        case 'concat':
          df[i] = dOut[row * 2 * units + u];
          db[i] = dOut[row * 2 * units + units + u];
          break;
        case 'sum':
          df[i] = dOut[i];
          db[i] = dOut[i];
          break;
        case 'ave':
          df[i] = dOut[i] / 2;
          db[i] = dOut[i] / 2;
          break;
        case 'mul':
          df[i] = dOut[i] * b[i];
          db[i] = dOut[i] * f[i];
          break;
      }
    }
  }
  return [df, db];
}

export function forwardRecurrent(
  layer: ResolvedRecurrentLayer,
  store: ParameterStore,
  input: LayerValues,
  mask: Uint8Array | undefined,
  initial: LayerState,
): { output: LayerValues; state: LayerState; tape: RecurrentTape } {
  const { batch, time } = input;
  const units = layer.units;
  const per = batch * units;
  const prefixes = directionPrefixes(layer.name, layer.directions);
  const parameters = prefixes.map((prefix) => cellParameters(store, prefix, layer.gates, units));
  // Each direction's own activations (`backward` on a bidirectional layer).
  const cells = parameters.map((p, d) => makeCell(layerForDirection(layer, d), p));
  const directions = cells.map((cell, d) => {
    const reverse = layer.direction === 'reverse' || d === 1;
    const h0 = Float64Array.from(initial.h.data as ArrayLike<number>).subarray(
      d * per,
      (d + 1) * per,
    );
    const c0 = initial.c
      ? Float64Array.from(initial.c.data as ArrayLike<number>).subarray(d * per, (d + 1) * per)
      : undefined;
    return forwardDirection(cell, units, input, mask, reverse, h0, c0, layer.paddedOutputs);
  });
  const stack = (parts: Float64Array[]) => {
    const data = new Float64Array(layer.directions * per);
    for (let d = 0; d < parts.length; d++) data.set(parts[d], d * per);
    return { dtype: 'float64' as const, shape: [layer.directions, batch, units], data };
  };
  const state: LayerState = { h: stack(directions.map((r) => r.h)) };
  if (layer.type === 'lstm') state.c = stack(directions.map((r) => r.c as Float64Array));
  const sequence = layer.returnSequences;
  const rows = sequence ? batch * time : batch;
  const merged = mergeForward(
    layer,
    directions.map((r) => (sequence ? r.sequence : r.h)),
    rows,
  );
  const data =
    sequence && layer.sequenceOrder === 'processing'
      ? reverseTime(merged, batch, time, layer.outputSize)
      : merged;
  return {
    output: { batch, time, features: layer.outputSize, sequence, data },
    state,
    tape: { layer, input, mask, prefixes, cells, parameters, directions },
  };
}

/**
 * Adds parameter gradients into `gradients` (by canonical name) and returns the input's gradient.
 * `dState`: gradients of the final states, [directions, batch, units] (from `concatStates`).
 */
export function backwardRecurrent(
  tape: RecurrentTape,
  dOutput: Float64Array,
  gradients: Map<string, Float64Array>,
  dState: { h?: Float64Array; c?: Float64Array } = {},
): Float64Array {
  const { layer, input } = tape;
  const { batch, time } = input;
  const sequence = layer.returnSequences;
  const rows = sequence ? batch * time : batch;
  const per = batch * layer.units;
  const parts = tape.directions.map((r) => (sequence ? r.sequence : r.h));
  const dMerged =
    sequence && layer.sequenceOrder === 'processing'
      ? reverseTime(dOutput, batch, time, layer.outputSize)
      : dOutput;
  const dParts = mergeBackward(layer, parts, dMerged, rows);
  const dInput = new Float64Array(input.data.length);
  tape.directions.forEach((direction, d) => {
    const reverse = layer.direction === 'reverse' || d === 1;
    const cellGrads: CellGradients = zeroCellGradients(tape.parameters[d]);
    // The final h's gradient: from the output (returnSequences false) plus from dState.
    let dFinalH: Float64Array | undefined = sequence ? undefined : dParts[d];
    if (dState.h) {
      const fromState = dState.h.subarray(d * per, (d + 1) * per);
      dFinalH = dFinalH ? dFinalH.map((v, i) => v + fromState[i]) : fromState.slice();
    }
    backwardDirection(
      tape.cells[d],
      direction,
      layer.units,
      input,
      reverse,
      sequence ? dParts[d] : undefined,
      dFinalH,
      dState.c?.slice(d * per, (d + 1) * per),
      cellGrads,
      dInput,
    );
    const prefix = tape.prefixes[d];
    gradients.set(`${prefix}kernel`, cellGrads.kernel);
    gradients.set(`${prefix}recurrentKernel`, cellGrads.recurrentKernel);
    if (layer.useBias) gradients.set(`${prefix}bias`, cellGrads.bias);
    if (layer.recurrentBias) gradients.set(`${prefix}recurrentBias`, cellGrads.recurrentBias);
    if (layer.peepholes) gradients.set(`${prefix}peephole`, cellGrads.peephole);
  });
  return dInput;
}
