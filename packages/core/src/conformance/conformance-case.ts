/**
 * A conformance case is data, written once and run by every backend's tests: a model, its inputs,
 * and expected outputs from a source independent of the backend under test.
 */
import type { RecurrentState, RunOptions } from '../backend.js';
import type { NamedTensors } from '../tensor.js';
import type { Model } from '../weights/canonical.js';
import type { ToleranceOverride } from './tolerances.js';

/**
 * Where the expected values came from:
 * - 'reference': rnnkit's float64 reference executor (itself checked against the sources below);
 * - 'pytorch': a PyTorch run recorded by a fixture script;
 * - 'onnx-reference': ONNX's own backend test data (numpy reference in onnx/backend/test/case);
 * - 'keras': outputs recorded by Keras or TensorFlow.js;
 * - 'hand': worked out by hand (tiny cases, written in the test).
 * Other strings are allowed for new sources; name them plainly.
 */
export type ConformanceSource =
  | 'reference'
  | 'pytorch'
  | 'onnx-reference'
  | 'keras'
  | 'hand'
  | (string & {});

export interface ConformanceCase {
  /** Stable, kebab-case; used in reports and skip lists. */
  id: string;
  description: string;
  model: Model;
  inputs: NamedTensors;
  runOptions?: RunOptions;
  /** Expected outputs by output name (the main output, then any stateOutputs). */
  expected: NamedTensors;
  /** Expected final state per recurrent layer, when the source recorded it. */
  expectedState?: RecurrentState;
  source: ConformanceSource;
  /** Loosens (or, per backend, replaces) the TOLERANCES entry; see ToleranceOverride. */
  tolerance?: ToleranceOverride;
}
