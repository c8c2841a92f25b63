/**
 * One recurrent step that remembers what its backward pass needs. `forward` returns the new
 * state and a cache; `backward` takes the gradients flowing into the new state, adds the
 * parameter gradients into `gradients` and returns the gradients of the step's input and of the
 * previous state.
 */
import type { CellGradients } from './cell-gradients.js';

export interface StepOutput<Cache> {
  h: Float64Array;
  c?: Float64Array;
  cache: Cache;
}

export interface StepGradients {
  dx: Float64Array;
  dh: Float64Array;
  dc?: Float64Array;
}

export interface TrainableCell<Cache = unknown> {
  forward(x: Float64Array, h: Float64Array, c: Float64Array | undefined): StepOutput<Cache>;
  backward(
    cache: Cache,
    dh: Float64Array,
    dc: Float64Array | undefined,
    gradients: CellGradients,
  ): StepGradients;
}
