/**
 * GRU, gates in canonical (Keras) order z, r, h along the kernels' columns:
 *   z = σ(x·Wz + bz + h·Uz + rbz)        r = σ(x·Wr + br + h·Ur + rbr)
 *   resetAfter false (Keras 1/2, ONNX linear_before_reset=0): h̃ = g(x·Wh + bh + (r∘h)·Uh + rbh)
 *   resetAfter true  (Keras 2+/TF2, PyTorch, ONNX linear_before_reset=1): h̃ = g(x·Wh + bh + r∘(h·Uh + rbh))
 *   h' = z∘h + (1 − z)∘h̃
 */
import type { ResolvedRecurrentLayer } from '../spec/resolve.js';
import { scalarActivation } from './activations.js';
import type { Cell } from './cell.js';
import type { CellWeights } from './cell-weights.js';
import { vectorTimesMatrix } from './cell-weights.js';

export function gruCell(layer: ResolvedRecurrentLayer, weights: CellWeights): Cell {
  const units = layer.units;
  const width = 3 * units;
  const sigma = scalarActivation(layer.recurrentActivation);
  const g = scalarActivation(layer.activation);
  const { bias, recurrentBias, recurrentKernel } = weights;
  return (x, { h }) => {
    const xw = vectorTimesMatrix(x, weights.kernel, width);
    const hu = vectorTimesMatrix(h, recurrentKernel, width);
    const z = new Float64Array(units);
    const r = new Float64Array(units);
    for (let u = 0; u < units; u++) {
      z[u] = sigma(xw[u] + bias[u] + hu[u] + recurrentBias[u]);
      r[u] = sigma(xw[units + u] + bias[units + u] + hu[units + u] + recurrentBias[units + u]);
    }
    const next = new Float64Array(units);
    for (let u = 0; u < units; u++) {
      const hx = xw[2 * units + u] + bias[2 * units + u];
      let hh: number;
      if (layer.resetAfter) {
        hh = r[u] * (hu[2 * units + u] + recurrentBias[2 * units + u]);
      } else {
        // (r∘h)·Uh: the reset gate scales the old state before the recurrent product.
        hh = recurrentBias[2 * units + u];
        for (let k = 0; k < units; k++)
          hh += r[k] * h[k] * recurrentKernel[k * width + 2 * units + u];
      }
      const candidate = g(hx + hh);
      next[u] = z[u] * h[u] + (1 - z[u]) * candidate;
    }
    return { h: next };
  };
}
