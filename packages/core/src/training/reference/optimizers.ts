/**
 * SGD, Adam and RMSprop on float64 arrays, each exactly as docs/training.md "Optimizers" writes
 * it (PyTorch's torch/optim/*.py `_single_tensor_*`, Keras 3's keras/src/optimizers/*.py
 * `update_step`). State slots are per weight, by canonical name.
 */
import type { AdamConfig, OptimizerConfig, RmspropConfig, SgdConfig } from '../types.js';

export type Slots = Map<string, Record<string, Float64Array>>;

export interface OptimizerRun {
  config: OptimizerConfig;
  /** Steps taken so far (t of the next step is step + 1). */
  step: number;
  slots: Slots;
}

function slot(run: OptimizerRun, name: string, key: string, size: number): Float64Array {
  let entry = run.slots.get(name);
  if (!entry) {
    entry = {};
    run.slots.set(name, entry);
  }
  if (!entry[key]) entry[key] = new Float64Array(size);
  return entry[key];
}

/** One update of every parameter that has a gradient; advances `run.step`. */
export function applyOptimizer(
  run: OptimizerRun,
  parameters: Map<string, Float64Array>,
  gradients: Map<string, Float64Array>,
): void {
  const t = run.step + 1;
  for (const [name, g] of gradients) {
    const p = parameters.get(name);
    if (!p) continue;
    const config = run.config;
    if (config.name === 'sgd') sgd(config, run, name, p, g);
    else if (config.name === 'adam') adam(config, run, name, p, g, t);
    else rmsprop(config, run, name, p, g);
  }
  run.step = t;
}

function sgd(c: SgdConfig, run: OptimizerRun, name: string, p: Float64Array, g: Float64Array) {
  const momentum = c.momentum ?? 0;
  if (momentum === 0) {
    for (let i = 0; i < p.length; i++) p[i] -= c.learningRate * g[i];
    return;
  }
  const b = slot(run, name, 'momentumBuffer', p.length);
  for (let i = 0; i < p.length; i++) {
    // torch/optim/sgd.py starts the buffer as a copy of the first gradient: momentum·0 + g.
    b[i] = momentum * b[i] + g[i];
    const d = c.nesterov ? g[i] + momentum * b[i] : b[i];
    p[i] -= c.learningRate * d;
  }
}

function adam(
  c: AdamConfig,
  run: OptimizerRun,
  name: string,
  p: Float64Array,
  g: Float64Array,
  t: number,
) {
  const beta1 = c.beta1 ?? 0.9;
  const beta2 = c.beta2 ?? 0.999;
  const m = slot(run, name, 'm', p.length);
  const v = slot(run, name, 'v', p.length);
  const vMax = c.amsgrad ? slot(run, name, 'vMax', p.length) : undefined;
  const bc1 = 1 - beta1 ** t;
  const bc2 = 1 - beta2 ** t;
  if (c.epsilonStyle === 'pytorch') {
    const stepSize = c.learningRate / bc1;
    const bc2Sqrt = Math.sqrt(bc2);
    for (let i = 0; i < p.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      let second = v[i];
      if (vMax) {
        vMax[i] = Math.max(vMax[i], v[i]);
        second = vMax[i];
      }
      p[i] -= (stepSize * m[i]) / (Math.sqrt(second) / bc2Sqrt + c.epsilon);
    }
  } else {
    const alpha = (c.learningRate * Math.sqrt(bc2)) / bc1;
    for (let i = 0; i < p.length; i++) {
      m[i] += (g[i] - m[i]) * (1 - beta1);
      v[i] += (g[i] * g[i] - v[i]) * (1 - beta2);
      let second = v[i];
      if (vMax) {
        vMax[i] = Math.max(vMax[i], v[i]);
        second = vMax[i];
      }
      p[i] -= (m[i] * alpha) / (Math.sqrt(second) + c.epsilon);
    }
  }
}

function rmsprop(
  c: RmspropConfig,
  run: OptimizerRun,
  name: string,
  p: Float64Array,
  g: Float64Array,
) {
  const rho = c.rho;
  const momentum = c.momentum ?? 0;
  const s = slot(run, name, 'squareAverage', p.length);
  const a = c.centered ? slot(run, name, 'gradientAverage', p.length) : undefined;
  const b = momentum > 0 ? slot(run, name, 'momentumBuffer', p.length) : undefined;
  for (let i = 0; i < p.length; i++) {
    s[i] = rho * s[i] + (1 - rho) * g[i] * g[i];
    let variance = s[i];
    if (a) {
      a[i] = rho * a[i] + (1 - rho) * g[i];
      variance = s[i] - a[i] * a[i];
    }
    const denominator =
      c.epsilonStyle === 'pytorch'
        ? Math.sqrt(variance) + c.epsilon
        : Math.sqrt(variance + c.epsilon);
    if (b) {
      // PyTorch's buffer form; Keras's buffer is lr times this (equal with a constant rate).
      b[i] = momentum * b[i] + g[i] / denominator;
      p[i] -= c.learningRate * b[i];
    } else {
      p[i] -= (c.learningRate * g[i]) / denominator;
    }
  }
}
