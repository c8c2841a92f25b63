/**
 * The optimizers of the training contract written with tfjs ops, formula for formula (not
 * tf.train's: tfjs's AdamOptimizer adds epsilon to sqrt(v) with a bias-corrected rate and
 * accumulates beta powers in float32 variables; its RMSPropOptimizer puts epsilon inside the
 * square root, and its SGD has no Nesterov form: see docs/decisions.md).
 *
 * Slots are float32 tf.Variables per weight, created zero (every formula starts from zero
 * moments; PyTorch's first momentum buffer, a clone of the gradient, equals μ·0 + g).
 */

import type { OptimizerConfig, OptimizerState } from '@rnnkit/core';
import { RnnkitError, type Tensor } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';

export interface TrainingOptimizer {
  readonly name: OptimizerConfig['name'];
  readonly step: number;
  /** One update of every variable from its gradient (same names); call inside tf.tidy. */
  apply(
    gradients: ReadonlyMap<string, tf.Tensor>,
    variables: ReadonlyMap<string, tf.Variable>,
  ): void;
  getState(): Promise<OptimizerState>;
  setState(state: OptimizerState): void;
  dispose(): void;
}

/** Per-weight slot variables with their names, and the step count: what every optimizer keeps. */
export class SlotStore {
  readonly slots = new Map<string, Map<string, tf.Variable>>();
  step = 0;

  constructor(
    readonly optimizer: OptimizerConfig['name'],
    weights: ReadonlyMap<string, tf.Variable>,
    slotNames: readonly string[],
  ) {
    for (const [weight, variable] of weights) {
      const slots = new Map<string, tf.Variable>();
      for (const slot of slotNames) slots.set(slot, tf.variable(tf.zerosLike(variable), false));
      this.slots.set(weight, slots);
    }
  }

  get(weight: string, slot: string): tf.Variable {
    const found = this.slots.get(weight)?.get(slot);
    if (!found) throw new Error(`no optimizer slot '${slot}' for '${weight}'`);
    return found;
  }

  async read(): Promise<OptimizerState> {
    const slots: OptimizerState['slots'] = {};
    for (const [weight, byName] of this.slots) {
      slots[weight] = {};
      for (const [slot, variable] of byName) {
        const data = Float32Array.from((await variable.data()) as Float32Array);
        slots[weight][slot] = { dtype: 'float32', shape: [...variable.shape], data };
      }
    }
    return { name: this.optimizer, step: this.step, slots };
  }

  /** Replaces step and slots; every slot must be present with its weight's shape. */
  write(state: OptimizerState): void {
    const fail = (path: string, message: string) =>
      new RnnkitError('INVALID_INPUT', `optimizer state ${path}: ${message}`, { path });
    if (state?.name !== this.optimizer)
      throw fail('name', `is '${state?.name}', this trainer's optimizer is '${this.optimizer}'`);
    if (!Number.isSafeInteger(state.step) || state.step < 0)
      throw fail('step', `must be a whole number >= 0, got ${state.step}`);
    const values: [tf.Variable, Float32Array][] = [];
    for (const [weight, byName] of this.slots) {
      for (const [slot, variable] of byName) {
        const path = `slots.${weight}.${slot}`;
        const given: Tensor | undefined = state.slots?.[weight]?.[slot];
        if (!given) throw fail(path, 'is missing');
        const size = variable.size;
        const sameShape =
          given.shape.length === variable.shape.length &&
          given.shape.every((d, i) => d === variable.shape[i]);
        if (!sameShape || given.data.length !== size || given.dtype === 'int64')
          throw fail(path, `must be float [${variable.shape.join(', ')}]`);
        const data = Float32Array.from(given.data as ArrayLike<number>);
        if (!data.every(Number.isFinite)) throw fail(path, 'holds NaN or Infinity');
        values.push([variable, data]);
      }
    }
    for (const [variable, data] of values) variable.assign(tf.tensor(data, variable.shape));
    this.step = state.step;
  }

  dispose(): void {
    for (const byName of this.slots.values()) for (const v of byName.values()) v.dispose();
  }
}
