/**
 * GRU step (reference/gru-cell.ts), gates z, r, h:
 *   z = σ(xWz + bz + hUz + rbz)   r = σ(xWr + br + hUr + rbr)
 *   resetAfter:  a = xWh + bh + r∘(hUh + rbh)      else: a = xWh + bh + (r∘h)Uh + rbh
 *   h̃ = g(a)   h' = z∘h + (1 − z)∘h̃
 * Backward from dh': dz = dh'∘(h − h̃), dh̃ = dh'∘(1 − z), dh = dh'∘z + …, da = dh̃∘g'(a);
 *   resetAfter: dr = da∘(hUh + rbh), d(hUh) = da∘r;  else: d(r∘h) = da·Uhᵀ, dr = d(r∘h)∘h,
 *   dh += d(r∘h)∘r, dUh += (r∘h)ᵀda;  then dz, dr through σ' into W, U, b, rb, x and h.
 */
import { scalarActivation } from '../../reference/activations.js';
import type { ResolvedRecurrentLayer } from '../../spec/resolve.js';
import { activationDerivative } from './activation-derivative.js';
import { addOuter, type CellParameters, times, timesTransposed } from './cell-gradients.js';
import type { TrainableCell } from './trainable-cell.js';

interface Cache {
  x: Float64Array;
  h: Float64Array;
  hu: Float64Array;
  z: Float64Array;
  r: Float64Array;
  preZ: Float64Array;
  preR: Float64Array;
  a: Float64Array;
  candidate: Float64Array;
}

export function gruStep(layer: ResolvedRecurrentLayer, p: CellParameters): TrainableCell<Cache> {
  const units = layer.units;
  const width = 3 * units;
  const sigma = scalarActivation(layer.recurrentActivation);
  const sigmaPrime = activationDerivative(layer.recurrentActivation);
  const g = scalarActivation(layer.activation);
  const gPrime = activationDerivative(layer.activation);
  const { bias, recurrentBias, recurrentKernel } = p;
  const H = 2 * units;
  return {
    forward(x, h) {
      const xw = times(x, p.kernel, width);
      const hu = times(h, recurrentKernel, width);
      const z = new Float64Array(units);
      const r = new Float64Array(units);
      const preZ = new Float64Array(units);
      const preR = new Float64Array(units);
      for (let u = 0; u < units; u++) {
        preZ[u] = xw[u] + bias[u] + hu[u] + recurrentBias[u];
        preR[u] = xw[units + u] + bias[units + u] + hu[units + u] + recurrentBias[units + u];
        z[u] = sigma(preZ[u]);
        r[u] = sigma(preR[u]);
      }
      const a = new Float64Array(units);
      const candidate = new Float64Array(units);
      const next = new Float64Array(units);
      for (let u = 0; u < units; u++) {
        let hh: number;
        if (layer.resetAfter) {
          hh = r[u] * (hu[H + u] + recurrentBias[H + u]);
        } else {
          hh = recurrentBias[H + u];
          for (let k = 0; k < units; k++) hh += r[k] * h[k] * recurrentKernel[k * width + H + u];
        }
        a[u] = xw[H + u] + bias[H + u] + hh;
        candidate[u] = g(a[u]);
        next[u] = z[u] * h[u] + (1 - z[u]) * candidate[u];
      }
      return { h: next, cache: { x, h, hu, z, r, preZ, preR, a, candidate } };
    },
    backward({ x, h, hu, z, r, preZ, preR, a, candidate }, dNext, _dc, grads) {
      const dxw = new Float64Array(width);
      const dhu = new Float64Array(width);
      const dh = new Float64Array(units);
      const da = new Float64Array(units);
      const dr = new Float64Array(units);
      for (let u = 0; u < units; u++) {
        dh[u] = dNext[u] * z[u];
        const dz = dNext[u] * (h[u] - candidate[u]);
        da[u] = dNext[u] * (1 - z[u]) * gPrime(a[u], candidate[u]);
        dxw[u] = dz * sigmaPrime(preZ[u], z[u]);
        dxw[H + u] = da[u];
        if (layer.resetAfter) {
          dr[u] = da[u] * (hu[H + u] + recurrentBias[H + u]);
          dhu[H + u] = da[u] * r[u];
          grads.recurrentBias[H + u] += da[u] * r[u];
        } else {
          grads.recurrentBias[H + u] += da[u];
        }
      }
      if (!layer.resetAfter) {
        // (r∘h)·Uh: the candidate's recurrent product reads the reset-scaled state.
        const rh = new Float64Array(units);
        for (let k = 0; k < units; k++) rh[k] = r[k] * h[k];
        const dRh = new Float64Array(units);
        for (let k = 0; k < units; k++) {
          let sum = 0;
          for (let u = 0; u < units; u++) {
            sum += recurrentKernel[k * width + H + u] * da[u];
            grads.recurrentKernel[k * width + H + u] += rh[k] * da[u];
          }
          dRh[k] = sum;
        }
        for (let k = 0; k < units; k++) {
          dr[k] = dRh[k] * h[k];
          dh[k] += dRh[k] * r[k];
        }
      }
      for (let u = 0; u < units; u++) {
        dxw[units + u] = dr[u] * sigmaPrime(preR[u], r[u]);
        dhu[u] = dxw[u];
        dhu[units + u] = dxw[units + u];
        grads.recurrentBias[u] += dxw[u];
        grads.recurrentBias[units + u] += dxw[units + u];
      }
      for (let j = 0; j < width; j++) grads.bias[j] += dxw[j];
      addOuter(grads.kernel, x, dxw);
      addOuter(grads.recurrentKernel, h, dhu);
      const dhFromU = timesTransposed(dhu, recurrentKernel, units);
      for (let k = 0; k < units; k++) dh[k] += dhFromU[k];
      return { dx: timesTransposed(dxw, p.kernel, x.length), dh };
    },
  };
}
