/**
 * The weights being trained: one tf.Variable per canonical weight, in the canonical layout
 * (Keras's: kernel [in, gates*units], recurrentKernel [units, gates*units], ...), so a gradient
 * comes out under the weight's own name and shape and `getModel()` is a plain read-back.
 * Nothing is folded or transposed at load as the inference session does: a folded copy would
 * not be the variable the optimizer updates.
 */
import { expectedWeights, type Model, type Weights } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';

export interface TrainingVariables {
  /** Canonical name -> variable, in expectedWeights order (the order gradients are listed in). */
  readonly byName: ReadonlyMap<string, tf.Variable>;
  get(name: string): tf.Variable;
  /** A float32 copy of the current values. */
  read(): Promise<Weights>;
  dispose(): void;
}

let counter = 0;

/** Must run with the trainer's tfjs backend active: a variable lives where it was created. */
export function createTrainingVariables(model: Model): TrainingVariables {
  const byName = new Map<string, tf.Variable>();
  // Variable names are global in a tfjs engine; a per-trainer prefix keeps two trainers apart.
  const prefix = `rnnkit_train_${++counter}`;
  try {
    for (const { name, shape } of expectedWeights(model.spec)) {
      const weight = model.weights.get(name);
      if (!weight) throw new Error(`missing weight '${name}' after validation`);
      const initial = tf.tensor(weight.data, shape, 'float32');
      byName.set(name, tf.variable(initial, true, `${prefix}/${name}`));
      initial.dispose();
    }
  } catch (error) {
    for (const variable of byName.values()) variable.dispose();
    throw error;
  }
  return {
    byName,
    get(name) {
      const variable = byName.get(name);
      if (!variable) throw new Error(`no training variable '${name}'`);
      return variable;
    },
    async read() {
      const weights: Weights = new Map();
      for (const [name, variable] of byName) {
        weights.set(name, {
          shape: [...variable.shape],
          data: Float32Array.from((await variable.data()) as Float32Array),
        });
      }
      return weights;
    },
    dispose() {
      for (const variable of byName.values()) variable.dispose();
    },
  };
}
