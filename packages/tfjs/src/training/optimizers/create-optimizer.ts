import type { OptimizerConfig } from '@rnnkit/core';
import type * as tf from '@tensorflow/tfjs-core';
import { createAdam } from './adam.js';
import { createRmsprop } from './rmsprop.js';
import { createSgd } from './sgd.js';
import type { TrainingOptimizer } from './training-optimizer.js';

export function createOptimizer(
  config: OptimizerConfig,
  weights: ReadonlyMap<string, tf.Variable>,
): TrainingOptimizer {
  switch (config.name) {
    case 'sgd':
      return createSgd(config, weights);
    case 'adam':
      return createAdam(config, weights);
    case 'rmsprop':
      return createRmsprop(config, weights);
  }
}
