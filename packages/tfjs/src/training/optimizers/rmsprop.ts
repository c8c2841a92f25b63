/**
 * RMSprop, s = ρ s + (1-ρ) g² (centered: also a = ρ a + (1-ρ) g and s - a² replaces s), then by
 * epsilonStyle:
 * - 'pytorch' (torch/optim/rmsprop.py, _single_tensor_rmsprop): d = sqrt(s) + ε (ε outside the
 *   root); momentum μ > 0: b = μ b + g/d, p -= lr b; else p -= lr g/d;
 * - 'keras' (Keras 3, keras/src/optimizers/rmsprop.py): d = sqrt(s + ε) (ε inside the root);
 *   increment = lr g/d; momentum: b = μ b + increment, p -= b; else p -= increment.
 * With a constant learning rate Keras's momentum buffer is lr times PyTorch's, the same
 * trajectory; the state holds PyTorch's form in both styles (docs/training.md).
 */

import type { RmspropConfig } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { SlotStore, type TrainingOptimizer } from './training-optimizer.js';

export function createRmsprop(
  config: RmspropConfig,
  weights: ReadonlyMap<string, tf.Variable>,
): TrainingOptimizer {
  const momentum = config.momentum ?? 0;
  const centered = config.centered ?? false;
  const { learningRate, rho, epsilon } = config;
  const slotNames = ['squareAverage'];
  if (centered) slotNames.push('gradientAverage');
  if (momentum > 0) slotNames.push('momentumBuffer');
  const store = new SlotStore('rmsprop', weights, slotNames);
  return {
    name: 'rmsprop',
    get step() {
      return store.step;
    },
    apply(gradients, variables) {
      store.step++;
      for (const [name, g] of gradients) {
        const p = variables.get(name) as tf.Variable;
        const square = store.get(name, 'squareAverage');
        square.assign(tf.add(tf.mul(square, rho), tf.mul(tf.square(g), 1 - rho)));
        let second: tf.Tensor = square;
        if (centered) {
          const average = store.get(name, 'gradientAverage');
          average.assign(tf.add(tf.mul(average, rho), tf.mul(g, 1 - rho)));
          second = tf.sub(square, tf.square(average));
        }
        const denominator =
          config.epsilonStyle === 'pytorch'
            ? tf.add(tf.sqrt(second), epsilon)
            : tf.sqrt(tf.add(second, epsilon));
        const scaled = tf.div(g, denominator);
        if (momentum > 0) {
          // PyTorch's form in both styles (Keras's buffer is lr times it: the same trajectory).
          const buffer = store.get(name, 'momentumBuffer');
          buffer.assign(tf.add(tf.mul(buffer, momentum), scaled));
          p.assign(tf.sub(p, tf.mul(buffer, learningRate)));
        } else {
          p.assign(tf.sub(p, tf.mul(scaled, learningRate)));
        }
      }
    },
    getState: () => store.read(),
    setState: (state) => store.write(state),
    dispose: () => store.dispose(),
  };
}
