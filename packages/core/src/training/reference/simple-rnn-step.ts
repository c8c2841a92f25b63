/**
 * SimpleRNN step (reference/simple-rnn-cell.ts): a = x·W + b + h·U + rb, h' = act(a).
 * Backward: da = dh'·act'(a); dW += xᵀda, dU += hᵀda, db = drb += da; dx = da·Wᵀ, dh = da·Uᵀ.
 */

import { scalarActivation } from '../../reference/activations.js';
import type { ResolvedRecurrentLayer } from '../../spec/resolve.js';
import { activationDerivative } from './activation-derivative.js';
import {
  addInto,
  addOuter,
  type CellParameters,
  times,
  timesTransposed,
} from './cell-gradients.js';
import type { TrainableCell } from './trainable-cell.js';

interface Cache {
  x: Float64Array;
  h: Float64Array;
  a: Float64Array;
  y: Float64Array;
}

export function simpleRnnStep(
  layer: ResolvedRecurrentLayer,
  p: CellParameters,
): TrainableCell<Cache> {
  const units = layer.units;
  const act = scalarActivation(layer.activation);
  const actPrime = activationDerivative(layer.activation);
  return {
    forward(x, h) {
      const xw = times(x, p.kernel, units);
      const hu = times(h, p.recurrentKernel, units);
      const a = new Float64Array(units);
      const y = new Float64Array(units);
      for (let u = 0; u < units; u++) {
        a[u] = xw[u] + p.bias[u] + hu[u] + p.recurrentBias[u];
        y[u] = act(a[u]);
      }
      return { h: y, cache: { x, h, a, y } };
    },
    backward({ x, h, a, y }, dh, _dc, g) {
      const da = new Float64Array(units);
      for (let u = 0; u < units; u++) da[u] = dh[u] * actPrime(a[u], y[u]);
      addOuter(g.kernel, x, da);
      addOuter(g.recurrentKernel, h, da);
      addInto(g.bias, da);
      addInto(g.recurrentBias, da);
      return {
        dx: timesTransposed(da, p.kernel, x.length),
        dh: timesTransposed(da, p.recurrentKernel, units),
      };
    },
  };
}
