/** What one recurrent step looks like to the direction runner: (input, state) -> new state. */
export interface CellState {
  /** [units] */
  h: Float64Array;
  /** [units], LSTM only. */
  c?: Float64Array;
}

export type Cell = (x: Float64Array, state: CellState) => CellState;
