/**
 * LSTM, gates in canonical (Keras) order i, f, c, o along the kernels' columns:
 *   i = σ(x·Wi + h·Ui + bi + rbi + Pi∘c)      f = σ(x·Wf + h·Uf + bf + rbf + Pf∘c)
 *   c̃ = g(x·Wc + h·Uc + bc + rbc)             c' = f∘c + i∘c̃
 *   o = σ(x·Wo + h·Uo + bo + rbo + Po∘c')     h' = o∘g(c')
 * σ = recurrentActivation, g = activation (ONNX's g and h are the same function here). Peepholes
 * (ONNX only) look at the old cell for i and f and at the new cell for o; without peepholes P = 0.
 */
import type { ResolvedRecurrentLayer } from '../spec/resolve.js';
import { scalarActivation } from './activations.js';
import type { Cell } from './cell.js';
import { type CellWeights, vectorTimesMatrix } from './cell-weights.js';

export function lstmCell(layer: ResolvedRecurrentLayer, weights: CellWeights): Cell {
  const units = layer.units;
  const width = 4 * units;
  const sigma = scalarActivation(layer.recurrentActivation);
  const g = scalarActivation(layer.activation);
  const { bias, recurrentBias, peephole } = weights;
  return (x, { h, c }) => {
    const cell = c ?? new Float64Array(units);
    const xw = vectorTimesMatrix(x, weights.kernel, width);
    const hu = vectorTimesMatrix(h, weights.recurrentKernel, width);
    const pre = (gate: number, u: number) => {
      const j = gate * units + u;
      return xw[j] + hu[j] + bias[j] + recurrentBias[j];
    };
    const nextH = new Float64Array(units);
    const nextC = new Float64Array(units);
    for (let u = 0; u < units; u++) {
      const i = sigma(pre(0, u) + peephole[u] * cell[u]);
      const f = sigma(pre(1, u) + peephole[units + u] * cell[u]);
      const candidate = g(pre(2, u));
      nextC[u] = f * cell[u] + i * candidate;
      const o = sigma(pre(3, u) + peephole[2 * units + u] * nextC[u]);
      nextH[u] = o * g(nextC[u]);
    }
    return { h: nextH, c: nextC };
  };
}
