/**
 * Adam, m = β1 m + (1-β1) g, v = β2 v + (1-β2) g², t = step, then by epsilonStyle:
 * - 'pytorch' (torch/optim/adam.py, _single_tensor_adam):
 *   p -= (lr / (1-β1^t)) · m / (sqrt(v) / sqrt(1-β2^t) + ε); amsgrad: v̂max = max(v̂max, v)
 *   replaces v in the denominator;
 * - 'keras' (keras/src/optimizers/adam.py, update_step):
 *   p -= lr·sqrt(1-β2^t)/(1-β1^t) · m / (sqrt(v) + ε); amsgrad: v̂ = max(v̂, v) replaces v.
 * The two differ only in where ε sits: added to sqrt(v̂) (bias-corrected) or to sqrt(v).
 * Bias corrections are computed in float64 on the host from the integer step.
 */

import type { AdamConfig } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { SlotStore, type TrainingOptimizer } from './training-optimizer.js';

export function createAdam(
  config: AdamConfig,
  weights: ReadonlyMap<string, tf.Variable>,
): TrainingOptimizer {
  const beta1 = config.beta1 ?? 0.9;
  const beta2 = config.beta2 ?? 0.999;
  const amsgrad = config.amsgrad ?? false;
  const { learningRate, epsilon } = config;
  const store = new SlotStore('adam', weights, amsgrad ? ['m', 'v', 'vMax'] : ['m', 'v']);
  return {
    name: 'adam',
    get step() {
      return store.step;
    },
    apply(gradients, variables) {
      const t = ++store.step;
      const correction1 = 1 - beta1 ** t;
      const correction2 = 1 - beta2 ** t;
      for (const [name, g] of gradients) {
        const p = variables.get(name) as tf.Variable;
        const m = store.get(name, 'm');
        const v = store.get(name, 'v');
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        let second: tf.Tensor = v;
        if (amsgrad) {
          const vMax = store.get(name, 'vMax');
          vMax.assign(tf.maximum(vMax, v));
          second = vMax;
        }
        let update: tf.Tensor;
        if (config.epsilonStyle === 'pytorch') {
          const denominator = tf.add(tf.div(tf.sqrt(second), Math.sqrt(correction2)), epsilon);
          update = tf.mul(tf.div(m, denominator), learningRate / correction1);
        } else {
          const rate = (learningRate * Math.sqrt(correction2)) / correction1;
          update = tf.mul(tf.div(m, tf.add(tf.sqrt(second), epsilon)), rate);
        }
        p.assign(tf.sub(p, update));
      }
    },
    getState: () => store.read(),
    setState: (state) => store.write(state),
    dispose: () => store.dispose(),
  };
}
