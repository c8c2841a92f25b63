/**
 * The four losses with their gradients, in float64, reduced as docs/training.md "Losses" says:
 * a per-position loss (feature mean for binary cross-entropy and squared error, class sum for the
 * categorical ones), averaged over the real positions (padded steps excluded). Also the accuracy.
 * `probabilityClipping` follows the sources cited in docs/training.md.
 */

import { sigmoid } from '../../reference/activations.js';
import type { LossConfig } from '../types.js';

/** Keras's `epsilon()` (keras/src/backend/config.py). */
export const KERAS_EPSILON = 1e-7;
/** ATen's binary_cross_entropy_backward floor on p(1-p) (aten/src/ATen/native/Loss.cpp). */
export const TORCH_BCE_EPSILON = 1e-12;

export interface LossInput {
  loss: Required<LossConfig>;
  /** [rows, features]: the model's output (probabilities, or logits with fromLogits). */
  output: Float64Array;
  /** The final Dense layer's pre-activation, when its activation matches the loss (sigmoid / softmax). */
  logits?: Float64Array;
  rows: number;
  features: number;
  /** Float targets [rows, features], or class ids [rows] for sparse categorical. */
  targets: Float64Array | Int32Array;
  /** [rows]: 1 = real position; undefined = every position is real. */
  real?: Uint8Array;
  /** Compute the accuracy too. */
  accuracy: boolean;
  /** The output is log-probabilities (a final logSoftmax Dense): cross-entropy is −Σ y·output. */
  logProbabilities?: boolean;
}

export interface LossResult {
  loss: number;
  /** d loss / d output, or d loss / d logits when `gradientOfLogits`. */
  gradient: Float64Array;
  gradientOfLogits: boolean;
  /** Mean accuracy over the real positions (NaN when not asked). */
  accuracy: number;
  /** Number of real positions the loss averaged over. */
  positions: number;
}

const clip = (p: number, low: number, high: number) => Math.min(high, Math.max(low, p));

/** log(Σ e^z) of a row, shifted by its max so exp never overflows. */
function logSumExp(z: Float64Array, offset: number, width: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < width; k++) max = Math.max(max, z[offset + k]);
  let sum = 0;
  for (let k = 0; k < width; k++) sum += Math.exp(z[offset + k] - max);
  return max + Math.log(sum);
}

export function computeLoss(input: LossInput): LossResult {
  const { loss, rows, features, real } = input;
  const useLogits =
    loss.fromLogits ||
    (loss.name !== 'meanSquaredError' &&
      loss.probabilityClipping === 'none' &&
      input.logits !== undefined);
  const values = loss.fromLogits
    ? input.output
    : useLogits
      ? (input.logits as Float64Array)
      : input.output;
  const gradient = new Float64Array(rows * features);
  let positions = 0;
  for (let row = 0; row < rows; row++) if (!real || real[row] === 1) positions++;
  let total = 0;
  let correct = 0;
  const scale = positions > 0 ? 1 / positions : 0;
  for (let row = 0; row < rows; row++) {
    if (real && real[row] === 0) continue;
    const o = row * features;
    const l =
      loss.name === 'binaryCrossentropy' || loss.name === 'meanSquaredError'
        ? elementwiseLoss(
            loss,
            useLogits,
            values,
            input.targets as Float64Array,
            o,
            features,
            gradient,
            scale,
          )
        : input.logProbabilities
          ? logProbabilityLoss(loss, values, input.targets, row, features, gradient, scale)
          : categoricalLoss(loss, useLogits, values, input.targets, row, features, gradient, scale);
    total += l;
    if (input.accuracy) correct += positionAccuracy(input, row);
  }
  return {
    loss: total * scale,
    gradient,
    // With fromLogits the output itself is the logits: its gradient is the output's, and the
    // backward goes through the final layer's activation like any other (linear: the identity).
    gradientOfLogits: useLogits && !loss.fromLogits,
    accuracy: input.accuracy ? correct * scale : Number.NaN,
    positions,
  };
}

/** Feature mean of the element losses at one position; writes scaled gradients. */
function elementwiseLoss(
  loss: Required<LossConfig>,
  useLogits: boolean,
  v: Float64Array,
  y: Float64Array,
  o: number,
  features: number,
  gradient: Float64Array,
  scale: number,
): number {
  let sum = 0;
  const s = scale / features;
  for (let k = 0; k < features; k++) {
    const x = v[o + k];
    const t = y[o + k];
    let l: number;
    let d: number;
    if (loss.name === 'meanSquaredError') {
      l = (x - t) * (x - t);
      d = 2 * (x - t);
    } else if (useLogits) {
      // max(z,0) − z·y + log(1 + e^−|z|): exact and overflow-free for any z.
      l = Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
      d = sigmoid(x) - t;
    } else if (loss.probabilityClipping === 'pytorch') {
      l = -(t * Math.max(Math.log(x), -100) + (1 - t) * Math.max(Math.log(1 - x), -100));
      d = (x - t) / Math.max((1 - x) * x, TORCH_BCE_EPSILON);
    } else if (loss.probabilityClipping === 'keras') {
      const p = clip(x, KERAS_EPSILON, 1 - KERAS_EPSILON);
      l = -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
      d = x >= KERAS_EPSILON && x <= 1 - KERAS_EPSILON ? (p - t) / (p * (1 - p)) : 0;
    } else {
      l = -((t !== 0 ? t * Math.log(x) : 0) + (t !== 1 ? (1 - t) * Math.log(1 - x) : 0));
      d = (t !== 0 ? -t / x : 0) + (t !== 1 ? (1 - t) / (1 - x) : 0);
    }
    sum += l;
    gradient[o + k] = d * s;
  }
  return sum / features;
}

/** Class-sum cross-entropy at one position; targets are a distribution or a class id. */
function categoricalLoss(
  loss: Required<LossConfig>,
  useLogits: boolean,
  v: Float64Array,
  targets: Float64Array | Int32Array,
  row: number,
  width: number,
  gradient: Float64Array,
  scale: number,
): number {
  const o = row * width;
  const sparse = loss.name === 'sparseCategoricalCrossentropy';
  const y = (k: number) => (sparse ? (targets[row] === k ? 1 : 0) : targets[o + k]);
  let l = 0;
  if (useLogits) {
    const lse = logSumExp(v, o, width);
    let ySum = 0;
    for (let k = 0; k < width; k++) ySum += y(k);
    for (let k = 0; k < width; k++) {
      const yk = y(k);
      if (yk !== 0) l -= yk * (v[o + k] - lse);
      gradient[o + k] = (Math.exp(v[o + k] - lse) * ySum - yk) * scale;
    }
    return l;
  }
  if (loss.probabilityClipping === 'keras') {
    // Normalise by the row sum, clip to [ε, 1−ε], log (keras/src/backend/*/nn.py).
    let sum = 0;
    for (let k = 0; k < width; k++) sum += v[o + k];
    const dq = new Float64Array(width);
    let dot = 0;
    for (let k = 0; k < width; k++) {
      const q = v[o + k] / sum;
      const qc = clip(q, KERAS_EPSILON, 1 - KERAS_EPSILON);
      const yk = y(k);
      if (yk !== 0) l -= yk * Math.log(qc);
      dq[k] = q >= KERAS_EPSILON && q <= 1 - KERAS_EPSILON ? -yk / qc : 0;
      dot += dq[k] * q;
    }
    for (let k = 0; k < width; k++) gradient[o + k] = ((dq[k] - dot) / sum) * scale;
    return l;
  }
  for (let k = 0; k < width; k++) {
    const yk = y(k);
    if (yk !== 0) l -= yk * Math.log(v[o + k]);
    gradient[o + k] = yk !== 0 ? (-yk / v[o + k]) * scale : 0;
  }
  return l;
}

/** NLLLoss at one position: −Σ_k y_k·(log p)_k; its gradient is −y_k (docs/training.md, logSoftmax heads). */
function logProbabilityLoss(
  loss: Required<LossConfig>,
  v: Float64Array,
  targets: Float64Array | Int32Array,
  row: number,
  width: number,
  gradient: Float64Array,
  scale: number,
): number {
  const o = row * width;
  const sparse = loss.name === 'sparseCategoricalCrossentropy';
  let l = 0;
  for (let k = 0; k < width; k++) {
    const yk = sparse ? (targets[row] === k ? 1 : 0) : targets[o + k];
    if (yk !== 0) l -= yk * v[o + k];
    gradient[o + k] = -yk * scale;
  }
  return l;
}

function argmax(values: ArrayLike<number>, offset: number, width: number): number {
  let best = 0;
  for (let k = 1; k < width; k++) if (values[offset + k] > values[offset + best]) best = k;
  return best;
}

/** Accuracy of one position (docs/training.md "Metrics"). */
function positionAccuracy(input: LossInput, row: number): number {
  const { loss, features, output, targets } = input;
  const o = row * features;
  const binary =
    loss.name === 'binaryCrossentropy' || (loss.name === 'meanSquaredError' && features === 1);
  if (binary) {
    const threshold = loss.fromLogits ? 0 : 0.5;
    let hits = 0;
    for (let k = 0; k < features; k++) {
      if (output[o + k] > threshold === targets[o + k] > 0.5) hits++;
    }
    return hits / features;
  }
  const predicted = argmax(output, o, features);
  if (loss.name === 'sparseCategoricalCrossentropy') return predicted === targets[row] ? 1 : 0;
  return predicted === argmax(targets, o, features) ? 1 : 0;
}
