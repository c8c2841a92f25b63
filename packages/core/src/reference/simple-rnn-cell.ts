/** SimpleRNN: h' = act(x·W + b + h·U + rb). */
import type { ResolvedRecurrentLayer } from '../spec/resolve.js';
import { scalarActivation } from './activations.js';
import type { Cell } from './cell.js';
import { type CellWeights, vectorTimesMatrix } from './cell-weights.js';

export function simpleRnnCell(layer: ResolvedRecurrentLayer, weights: CellWeights): Cell {
  const units = layer.units;
  const act = scalarActivation(layer.activation);
  return (x, { h }) => {
    const xw = vectorTimesMatrix(x, weights.kernel, units);
    const hu = vectorTimesMatrix(h, weights.recurrentKernel, units);
    const next = new Float64Array(units);
    for (let u = 0; u < units; u++) {
      next[u] = act(xw[u] + weights.bias[u] + hu[u] + weights.recurrentBias[u]);
    }
    return { h: next };
  };
}
