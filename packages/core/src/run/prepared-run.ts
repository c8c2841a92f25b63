/**
 * What every backend gets after the run inputs were checked: plain typed arrays in the batch-major
 * layout, the padding mask worked out once, and a complete initial state.
 */
import type { RecurrentState } from '../backend.js';

export interface PreparedRun {
  batch: number;
  time: number;
  /** Token ids [batch*time] (token models), already checked against the vocabulary. */
  tokens?: Int32Array;
  /** Features [batch*time*size] (feature models), converted to float32. */
  features?: Float32Array;
  /**
   * The caller's features at full precision, present only when they were given as float64, so
   * the reference executor does not round them to float32.
   */
  features64?: Float64Array;
  /** Per-example lengths [batch] in [1, time], when the spec has `sequenceLengths` and they were given. */
  lengths?: Int32Array;
  /**
   * [batch*time], 1 = real step, 0 = padding (t >= length, or token 0 under `maskZero`).
   * Absent when every step is real, so backends can take their fast path.
   */
  mask?: Uint8Array;
  /**
   * Initial state of EVERY recurrent layer, float32 [directions, batch, units] (`c` for LSTM
   * layers only): from `options.state`, from the spec's `stateInputs` tensors, or zeros.
   */
  initialState: RecurrentState;
  /** The same initial state in float64, exactly as given (the reference executor's copy). */
  initialState64: RecurrentState;
}
