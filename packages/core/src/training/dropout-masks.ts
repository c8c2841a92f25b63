/**
 * Dropout masks for training (`dropout: 'apply'`), the same on every engine: inverted dropout as
 * PyTorch's nn.Dropout (torch/nn/functional.py `dropout`, aten/src/ATen/native/Dropout.cpp: keep
 * with probability 1 − p, scale kept values by 1/(1 − p)) and Keras's Dropout
 * (keras/src/layers/regularization/dropout.py -> backend.random.dropout, the same scaling).
 * Neither framework's random stream can be reproduced here, so the masks come from rnnkit's
 * xoshiro128** stream, seeded by (config seed, optimizer step, layer index): the reference and
 * tfjs draw identical masks, a run is repeatable, and a resumed run (whose optimizer state holds
 * the step) draws the masks the uninterrupted run would have.
 *
 * A mask covers every element of the layer's input ([batch, time, features] or
 * [batch, features]), each drawn independently, as nn.Dropout on a tensor does.
 */
import { mixString, Random } from '../init/random.js';
import type { ModelSpec } from '../spec/types.js';
import type { TrainingConfig } from './types.js';

/** Where masks come from: undefined = no dropout in this pass (evaluation, 'ignore', no layer). */
export interface DropoutContext {
  seed: number;
  step: number;
}

export function dropoutContext(
  spec: ModelSpec,
  config: TrainingConfig,
  step: number,
): DropoutContext | undefined {
  if (config.dropout !== 'apply') return undefined;
  if (!spec.layers.some((layer) => layer.type === 'dropout' && layer.rate > 0)) return undefined;
  return { seed: config.seed as number, step };
}

/** Row-major mask of `size` values, each 0 (dropped) or 1/(1 − rate) (kept). */
export function dropoutMask(
  context: DropoutContext,
  layerIndex: number,
  size: number,
  rate: number,
): Float64Array {
  const random = new Random(
    mixString(context.seed, `rnnkit-training dropout step ${context.step} layer ${layerIndex}`),
  );
  const scale = 1 / (1 - rate);
  const mask = new Float64Array(size);
  for (let i = 0; i < size; i++) mask[i] = random.uniform() < rate ? 0 : scale;
  return mask;
}
