/**
 * Turning one step's output (probabilities or logits over the vocabulary) into the distribution
 * a token is drawn from, and drawing it. Order and rules follow Hugging Face transformers'
 * logits processors (src/transformers/generation/logits_process.py: TemperatureLogitsWarper,
 * TopKLogitsWarper, TopPLogitsWarper), the de-facto definition of these options:
 *
 * 1. temperature T: scores = logits / T; for a probability output, scores = log(p) / T, which is
 *    p^(1/T) renormalised (the same distribution a logits model at the same T would give).
 *    T = 0 is greedy: the highest score (the lowest id among exact ties), no random draw.
 * 2. topK: keep the K highest-scoring ids (ties broken by the lower id, so K is exact).
 * 3. topP (nucleus): over the renormalised survivors in descending order, keep an id while the
 *    mass ranked before it is < topP (HF removes ids whose ascending cumulative mass is
 *    <= 1 - topP, which is the same set); the top id is always kept.
 *
 * Everything is float64; the draw is one uniform in [0, 1) from core's xoshiro128** stream,
 * matched against the cumulative sum in id order.
 */
import { RnnkitError } from '../errors.js';
import type { Random } from '../init/random.js';

/** What a model's last layer gives: probabilities (after softmax) or raw logits. */
export type DistributionKind = 'probabilities' | 'logits';

export interface SamplingOptions {
  /** >= 0; 0 is greedy. */
  temperature: number;
  /** Keep only the K most likely ids (integer >= 1); absent = all. */
  topK?: number;
  /** Nucleus mass in (0, 1]; absent (or 1) = all. */
  topP?: number;
}

/** How far a probability output's sum may be from 1 before it is refused as not probabilities. */
const PROBABILITY_SUM_TOLERANCE = 1e-3;

/**
 * The exact distribution `sampleToken` draws from (float64, sums to 1, zeros where excluded).
 * `where` names the step for error messages.
 */
export function samplingDistribution(
  values: ArrayLike<number>,
  kind: DistributionKind,
  options: SamplingOptions,
  where = 'the output',
): Float64Array {
  const size = values.length;
  const scores = new Float64Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) {
      throw new RnnkitError(
        'INVALID_INPUT',
        `${where} holds a non-finite value (${value}) at id ${i}: the model diverged or its weights are broken`,
        { path: where },
      );
    }
    if (kind === 'probabilities') {
      if (value < 0) {
        throw new RnnkitError(
          'INVALID_INPUT',
          `${where} was read as probabilities but holds ${value} at id ${i}`,
          { path: where },
        );
      }
      sum += value;
      scores[i] = value === 0 ? Number.NEGATIVE_INFINITY : Math.log(value);
    } else {
      scores[i] = value;
    }
  }
  if (kind === 'probabilities' && Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
    throw new RnnkitError(
      'INVALID_INPUT',
      `${where} was read as probabilities (the model ends in softmax) but sums to ${sum}, not 1`,
      { path: where },
    );
  }

  const out = new Float64Array(size);
  if (options.temperature === 0) {
    out[argmax(scores)] = 1;
    return out;
  }
  // Softmax of scores / T, shifted by the maximum so exp never overflows.
  const top = scores[argmax(scores)];
  let total = 0;
  for (let i = 0; i < size; i++) {
    const weight = Math.exp((scores[i] - top) / options.temperature);
    out[i] = weight;
    total += weight;
  }
  for (let i = 0; i < size; i++) out[i] /= total;

  const needsRanking =
    (options.topK !== undefined && options.topK < size) ||
    (options.topP !== undefined && options.topP < 1);
  if (!needsRanking) return out;

  // Descending by probability, ascending id among ties: a total order, so topK is exact.
  const order = Array.from({ length: size }, (_, i) => i);
  order.sort((a, b) => out[b] - out[a] || a - b);
  let kept = options.topK === undefined ? size : Math.min(options.topK, size);
  if (options.topP !== undefined && options.topP < 1) {
    let keptMass = 0;
    for (let r = 0; r < kept; r++) keptMass += out[order[r]];
    let before = 0;
    let nucleus = 0;
    while (nucleus < kept && (nucleus === 0 || before / keptMass < options.topP)) {
      before += out[order[nucleus]];
      nucleus++;
    }
    kept = nucleus;
  }
  let keptMass = 0;
  for (let r = 0; r < kept; r++) keptMass += out[order[r]];
  const filtered = new Float64Array(size);
  for (let r = 0; r < kept; r++) filtered[order[r]] = out[order[r]] / keptMass;
  return filtered;
}

/** Draws an id from a distribution made by `samplingDistribution` (one uniform from `random`). */
export function drawToken(distribution: Float64Array, random: Random): number {
  const u = random.uniform();
  let cumulative = 0;
  let last = -1;
  for (let i = 0; i < distribution.length; i++) {
    if (distribution[i] === 0) continue;
    cumulative += distribution[i];
    last = i;
    if (u < cumulative) return i;
  }
  // Rounding can leave the total a hair below 1 and u above it: the last possible id.
  return last;
}

/** First index of the maximum. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
