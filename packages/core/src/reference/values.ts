/** What flows from one layer to the next in the reference executor. */
export interface LayerValues {
  batch: number;
  /** Time steps; kept even after the time axis is dropped, for the mask. */
  time: number;
  features: number;
  /** true: data is [batch, time, features]; false: [batch, features]. */
  sequence: boolean;
  data: Float64Array;
}
