/** Losses and accuracy on hand-computed values (each number worked out in its comment). */
import { describe, expect, it } from 'vitest';
import type { LossConfig } from '../types.js';
import { resolveLoss } from '../validate-config.js';
import { computeLoss } from './losses.js';

function loss(
  config: LossConfig,
  output: number[],
  targets: number[],
  features: number,
  extra: { real?: number[]; logits?: number[] } = {},
) {
  return computeLoss({
    loss: resolveLoss(config),
    output: Float64Array.from(output),
    logits: extra.logits ? Float64Array.from(extra.logits) : undefined,
    rows: output.length / features,
    features,
    targets:
      config.name === 'sparseCategoricalCrossentropy'
        ? Int32Array.from(targets)
        : Float64Array.from(targets),
    real: extra.real ? Uint8Array.from(extra.real) : undefined,
    accuracy: true,
  });
}

describe('binary cross-entropy', () => {
  it('exact: −[y log p + (1−y) log(1−p)], mean over positions; accuracy at 0.5', () => {
    // rows p = 0.8 (y 1) and p = 0.4 (y 1): (−ln 0.8 − ln 0.4)/2 = (0.22314 + 0.91629)/2
    const r = loss({ name: 'binaryCrossentropy' }, [0.8, 0.4], [1, 1], 1);
    expect(r.loss).toBeCloseTo((-Math.log(0.8) - Math.log(0.4)) / 2, 15);
    // d/dp of −ln p is −1/p, halved by the mean.
    expect(r.gradient[0]).toBeCloseTo(-1 / 0.8 / 2, 15);
    expect(r.accuracy).toBe(0.5);
  });

  it('pytorch clamps each log at −100 and floors p(1−p) at 1e-12 in the gradient', () => {
    // p = 0 with y = 1: −max(ln 0, −100) = 100. gradient (0 − 1)/max(0, 1e-12) = −1e12.
    const r = loss({ name: 'binaryCrossentropy', probabilityClipping: 'pytorch' }, [0], [1], 1);
    expect(r.loss).toBe(100);
    expect(r.gradient[0]).toBe(-1e12);
  });

  it('keras clips p to [1e-7, 1 − 1e-7]; the clip passes no gradient outside', () => {
    const r = loss({ name: 'binaryCrossentropy', probabilityClipping: 'keras' }, [0], [1], 1);
    expect(r.loss).toBeCloseTo(-Math.log(1e-7), 12); // 16.118…
    expect(r.gradient[0]).toBe(0);
  });

  it('from logits: max(z,0) − zy + log(1 + e^−|z|), stable at large z', () => {
    // z = 800, y = 0: 800 − 0 + log1p(e^−800) = 800 (the naive form overflows);
    // z = −2, y = 1: 0 + 2 + log1p(e^−2).
    const r = loss({ name: 'binaryCrossentropy', fromLogits: true }, [800, -2], [0, 1], 1);
    expect(r.loss).toBeCloseTo((800 + 2 + Math.log1p(Math.exp(-2))) / 2, 12);
    expect(r.accuracy).toBe(0); // 800 > 0 predicts 1 (target 0); −2 predicts 0 (target 1)
  });

  it('fused with a sigmoid layer: uses the logits exactly (p rounds to 1 but the loss stays finite)', () => {
    const r = loss({ name: 'binaryCrossentropy' }, [1], [0], 1, { logits: [40] });
    expect(r.loss).toBeCloseTo(40, 12);
    expect(r.gradientOfLogits).toBe(true);
  });
});

describe('categorical and sparse cross-entropy, MSE, masking', () => {
  it('categorical: −Σ y log p; argmax accuracy', () => {
    const r = loss(
      { name: 'categoricalCrossentropy' },
      [0.7, 0.2, 0.1, 0.1, 0.3, 0.6],
      [1, 0, 0, 0, 1, 0],
      3,
    );
    expect(r.loss).toBeCloseTo((-Math.log(0.7) - Math.log(0.3)) / 2, 15);
    expect(r.accuracy).toBe(0.5);
  });

  it('keras categorical normalises by the row sum before clipping', () => {
    // p = [2, 2] -> q = [0.5, 0.5]; −ln 0.5.
    const r = loss(
      { name: 'categoricalCrossentropy', probabilityClipping: 'keras' },
      [2, 2],
      [1, 0],
      2,
    );
    expect(r.loss).toBeCloseTo(Math.log(2), 15);
  });

  it('sparse from logits: logsumexp(z) − z_target; padded positions excluded from sum and count', () => {
    // row 0 z = [0, ln 3] target 1: ln(1 + 3) − ln 3 = ln(4/3). row 1 padded.
    const r = loss(
      { name: 'sparseCategoricalCrossentropy', fromLogits: true },
      [0, Math.log(3), 9, -9],
      [1, 0],
      2,
      { real: [1, 0] },
    );
    expect(r.loss).toBeCloseTo(Math.log(4 / 3), 15);
    expect(r.positions).toBe(1);
    expect([...r.gradient.subarray(2)]).toEqual([0, 0]);
    // softmax − onehot = [1/4, 3/4 − 1]
    expect(r.gradient[0]).toBeCloseTo(0.25, 15);
    expect(r.gradient[1]).toBeCloseTo(-0.25, 15);
  });

  it('MSE: feature mean of (p − y)², then position mean', () => {
    // rows [1, 2] vs [0, 0] -> (1 + 4)/2 = 2.5; [0, 0] vs [1, 1] -> 1. mean 1.75
    const r = loss({ name: 'meanSquaredError' }, [1, 2, 0, 0], [0, 0, 1, 1], 2);
    expect(r.loss).toBe(1.75);
    // d/dp = 2(p − y)/(features·positions) = 2·2/4 = 1 for the second element
    expect(r.gradient[1]).toBe(1);
  });
});
