/**
 * SGD (torch.optim.SGD, dampening 0, no weight decay): with momentum μ,
 * b = μ b + g; d = g + μ b (nesterov) or b; p -= lr d. Without momentum p -= lr g.
 * Keras's SGD (v = μ v - lr g; p += v, or p += μ v - lr g with nesterov) is the same
 * trajectory for a constant learning rate (v = -lr b), so one formula serves both.
 */

import type { SgdConfig } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { SlotStore, type TrainingOptimizer } from './training-optimizer.js';

export function createSgd(
  config: SgdConfig,
  weights: ReadonlyMap<string, tf.Variable>,
): TrainingOptimizer {
  const momentum = config.momentum ?? 0;
  const nesterov = config.nesterov ?? false;
  const store = new SlotStore('sgd', weights, momentum > 0 ? ['momentumBuffer'] : []);
  return {
    name: 'sgd',
    get step() {
      return store.step;
    },
    apply(gradients, variables) {
      store.step++;
      for (const [name, g] of gradients) {
        const p = variables.get(name) as tf.Variable;
        let direction = g;
        if (momentum > 0) {
          const buffer = store.get(name, 'momentumBuffer');
          const next = tf.add(tf.mul(buffer, momentum), g);
          buffer.assign(next);
          direction = nesterov ? tf.add(g, tf.mul(next, momentum)) : next;
        }
        p.assign(tf.sub(p, tf.mul(direction, config.learningRate)));
      }
    },
    getState: () => store.read(),
    setState: (state) => store.write(state),
    dispose: () => store.dispose(),
  };
}
