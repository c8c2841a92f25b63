/**
 * The Keras epsilon styles and Keras-only behaviours, checked against formulas derived by hand
 * from Keras 3's source (no Keras here to record fixtures; docs/training.md cites each):
 *   adam.py update_step:    α = lr·√(1−β2^t)/(1−β1^t); m += (g−m)(1−β1); v += (g²−v)(1−β2);
 *                           p −= α·m/(√v + ε)   (amsgrad: v̂ = max(v̂, v) replaces v)
 *   rmsprop.py update_step: s = ρs + (1−ρ)g²; [a = ρa + (1−ρ)g; s −= a² ]; inc = lr·g/√(s + ε);
 *                           momentum: b = μb + inc, p −= b
 *   clip_by_norm (clipnorm): g·c/max(‖g‖, c) per tensor.
 * Step 1 values are worked out with plain numbers in the comments; later steps re-run Keras's
 * assignments literally.
 */
import { describe, expect, it } from 'vitest';
import type { AdamConfig, RmspropConfig } from '../types.js';
import { clipGradients } from './clip-gradients.js';
import { applyOptimizer, type OptimizerRun } from './optimizers.js';

const G = [0.5, -0.2, 0.3];

function runSteps(config: AdamConfig | RmspropConfig, start: number): number[] {
  const run: OptimizerRun = { config, step: 0, slots: new Map() };
  const p = new Float64Array([start]);
  const out: number[] = [];
  for (const g of G) {
    applyOptimizer(run, new Map([['w', p]]), new Map([['w', new Float64Array([g])]]));
    out.push(p[0]);
  }
  return out;
}

describe('Adam, epsilonStyle keras', () => {
  const config: AdamConfig = {
    name: 'adam',
    learningRate: 0.1,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 0.1,
    epsilonStyle: 'keras',
  };

  it('step 1 by hand', () => {
    // m = 0.5·0.1 = 0.05; v = 0.25·0.001 = 0.00025; α = 0.1·√0.001/0.1 = √0.001 = 0.0316227766…
    // Δ = α·0.05/(√0.00025 + 0.1) = 0.00158113883/(0.0158113883 + 0.1) = 0.0136526…
    const delta = (Math.sqrt(0.001) * 0.05) / (Math.sqrt(0.00025) + 0.1);
    expect(delta).toBeCloseTo(0.0136526, 6);
    expect(runSteps(config, 1)[0]).toBeCloseTo(1 - delta, 15);
  });

  it('three steps, and amsgrad, follow the Keras assignments; PyTorch style differs', () => {
    for (const amsgrad of [false, true]) {
      let p = 1;
      let m = 0;
      let v = 0;
      let vHat = 0;
      const expected: number[] = [];
      G.forEach((g, index) => {
        const t = index + 1;
        const alpha = (0.1 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
        m += (g - m) * (1 - 0.9);
        v += (g * g - v) * (1 - 0.999);
        vHat = Math.max(vHat, v);
        p -= (m * alpha) / (Math.sqrt(amsgrad ? vHat : v) + 0.1);
        expected.push(p);
      });
      const actual = runSteps({ ...config, amsgrad }, 1);
      for (let i = 0; i < 3; i++) expect(actual[i]).toBeCloseTo(expected[i], 14);
    }
    // PyTorch's style with the same numbers: Δ1 = (0.1/0.1)·0.05/(√0.00025/√0.001 + 0.1) = 0.05/0.6.
    const torch = runSteps({ ...config, epsilonStyle: 'pytorch' }, 1);
    expect(torch[0]).toBeCloseTo(1 - 0.05 / (Math.sqrt(0.00025 / 0.001) + 0.1), 15);
    expect(Math.abs(torch[0] - runSteps(config, 1)[0])).toBeGreaterThan(1e-3);
  });
});

describe('RMSprop, epsilonStyle keras', () => {
  const base: RmspropConfig = {
    name: 'rmsprop',
    learningRate: 0.1,
    rho: 0.9,
    epsilon: 0.01,
    epsilonStyle: 'keras',
  };

  it('step 1 by hand: ε inside the square root', () => {
    // s = 0.1·0.25 = 0.025; inc = 0.1·0.5/√(0.025 + 0.01) = 0.05/0.18708… = 0.267261…
    expect(runSteps(base, 0)[0]).toBeCloseTo(-0.05 / Math.sqrt(0.035), 15);
    // PyTorch: 0.05/(√0.025 + 0.01) = 0.05/0.168113… = 0.297421…
    expect(runSteps({ ...base, epsilonStyle: 'pytorch' }, 0)[0]).toBeCloseTo(
      -0.05 / (Math.sqrt(0.025) + 0.01),
      15,
    );
  });

  it('centered with momentum: three steps follow the Keras assignments', () => {
    const config: RmspropConfig = { ...base, centered: true, momentum: 0.5 };
    let p = 0;
    let s = 0;
    let a = 0;
    let b = 0;
    const expected = G.map((g) => {
      s = 0.9 * s + 0.1 * g * g;
      a = 0.9 * a + 0.1 * g;
      const increment = (0.1 * g) / Math.sqrt(s - a * a + 0.01);
      // Keras keeps lr inside its momentum buffer: b_keras = 0.5·b_keras + inc.
      b = 0.5 * b + increment;
      p -= b;
      return p;
    });
    const actual = runSteps(config, 0);
    for (let i = 0; i < 3; i++) expect(actual[i]).toBeCloseTo(expected[i], 14);
  });
});

describe('clipping', () => {
  it('perTensor is Keras clipnorm: each tensor by its own norm', () => {
    const a = new Float64Array([3, 4]); // norm 5 -> scaled to norm 1
    const b = new Float64Array([0.6, 0]); // norm 0.6 <= 1: unchanged
    clipGradients(
      new Map([
        ['a', a],
        ['b', b],
      ]),
      { clipNorm: 1, clipNormScope: 'perTensor' },
    );
    expect([...a]).toEqual([0.6, 0.8].map((v) => expect.closeTo(v, 15)));
    expect([...b]).toEqual([0.6, 0]);
  });

  it('global is clip_grad_norm_: one norm, and the 1e-6 in its denominator', () => {
    const a = new Float64Array([3, 4]);
    const b = new Float64Array([0, 12]); // global norm 13
    clipGradients(
      new Map([
        ['a', a],
        ['b', b],
      ]),
      { clipNorm: 1 },
    );
    const scale = 1 / (13 + 1e-6);
    expect(a[0]).toBe(3 * scale);
    expect(b[1]).toBe(12 * scale);
  });
});
