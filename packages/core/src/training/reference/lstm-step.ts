/**
 * LSTM step (reference/lstm-cell.ts), gates i, f, c, o; P = peepholes (zeros without):
 *   i = σ(pi + Pi∘c)  f = σ(pf + Pf∘c)  c̃ = g(pc)  c' = f∘c + i∘c̃  o = σ(po + Po∘c')  h' = o∘g(c')
 * where p· = x·W· + h·U· + b· + rb·. Backward, from dh' and the dc' flowing from the next step:
 *   dpo = dh'∘g(c')∘σ'(o);  dc' += dh'∘o∘g'(c') + dpo∘Po
 *   dpi = dc'∘c̃∘σ'(i);  dpf = dc'∘c∘σ'(f);  dpc = dc'∘i∘g'(c̃);  dc = dc'∘f + dpi∘Pi + dpf∘Pf
 *   dPi += dpi∘c, dPf += dpf∘c, dPo += dpo∘c'; the four dp· feed W, U, b, rb, x and h.
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
  c: Float64Array;
  /** Pre-activations of the four gates [4*units] (peephole terms included). */
  pre: Float64Array;
  /** Activated gates i, f, c̃, o [4*units]. */
  gate: Float64Array;
  cNext: Float64Array;
  /** g(c') [units]. */
  gc: Float64Array;
}

export function lstmStep(layer: ResolvedRecurrentLayer, p: CellParameters): TrainableCell<Cache> {
  const units = layer.units;
  const width = 4 * units;
  const sigma = scalarActivation(layer.recurrentActivation);
  const sigmaPrime = activationDerivative(layer.recurrentActivation);
  const g = scalarActivation(layer.activation);
  const gPrime = activationDerivative(layer.activation);
  const P = p.peephole;
  return {
    forward(x, h, cIn) {
      const c = cIn ?? new Float64Array(units);
      const xw = times(x, p.kernel, width);
      const hu = times(h, p.recurrentKernel, width);
      const pre = new Float64Array(width);
      for (let j = 0; j < width; j++) pre[j] = xw[j] + hu[j] + p.bias[j] + p.recurrentBias[j];
      const gate = new Float64Array(width);
      const cNext = new Float64Array(units);
      const gc = new Float64Array(units);
      const hNext = new Float64Array(units);
      for (let u = 0; u < units; u++) {
        pre[u] += P[u] * c[u];
        pre[units + u] += P[units + u] * c[u];
        gate[u] = sigma(pre[u]);
        gate[units + u] = sigma(pre[units + u]);
        gate[2 * units + u] = g(pre[2 * units + u]);
        cNext[u] = gate[units + u] * c[u] + gate[u] * gate[2 * units + u];
        pre[3 * units + u] += P[2 * units + u] * cNext[u];
        gate[3 * units + u] = sigma(pre[3 * units + u]);
        gc[u] = g(cNext[u]);
        hNext[u] = gate[3 * units + u] * gc[u];
      }
      return { h: hNext, c: cNext, cache: { x, h, c, pre, gate, cNext, gc } };
    },
    backward({ x, h, c, pre, gate, cNext, gc }, dh, dcIn, grads) {
      const dpre = new Float64Array(width);
      const dcPrev = new Float64Array(units);
      for (let u = 0; u < units; u++) {
        const [iu, fu, cu, ou] = [u, units + u, 2 * units + u, 3 * units + u];
        dpre[ou] = dh[u] * gc[u] * sigmaPrime(pre[ou], gate[ou]);
        const dc =
          (dcIn ? dcIn[u] : 0) +
          dh[u] * gate[ou] * gPrime(cNext[u], gc[u]) +
          dpre[ou] * P[2 * units + u];
        dpre[iu] = dc * gate[cu] * sigmaPrime(pre[iu], gate[iu]);
        dpre[fu] = dc * c[u] * sigmaPrime(pre[fu], gate[fu]);
        dpre[cu] = dc * gate[iu] * gPrime(pre[cu], gate[cu]);
        dcPrev[u] = dc * gate[fu] + dpre[iu] * P[u] + dpre[fu] * P[units + u];
        grads.peephole[u] += dpre[iu] * c[u];
        grads.peephole[units + u] += dpre[fu] * c[u];
        grads.peephole[2 * units + u] += dpre[ou] * cNext[u];
      }
      addOuter(grads.kernel, x, dpre);
      addOuter(grads.recurrentKernel, h, dpre);
      addInto(grads.bias, dpre);
      addInto(grads.recurrentBias, dpre);
      return {
        dx: timesTransposed(dpre, p.kernel, x.length),
        dh: timesTransposed(dpre, p.recurrentKernel, units),
        dc: dcPrev,
      };
    },
  };
}
