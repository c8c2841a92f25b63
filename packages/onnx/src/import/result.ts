import type { Model, NamedTensors, RunResult } from '@rnnkit/core';

export interface ImportOnnxOptions {
  /**
   * Graph inputs to fix as constants (initializers) before import, e.g. the W/R/B/P inputs of the
   * ONNX backend test models, which feed the weights at run time.
   */
  bindInputs?: NamedTensors;
}

export interface OnnxImport {
  model: Model;
  /** How the graph was recognised. */
  source: 'rnnkit' | 'single-operator' | 'torch-graph';
  /**
   * Graph inputs as the ONNX model takes them (its names, its layout) -> `session.run` inputs for
   * the spec (batch-major). Identity for rnnkit exports.
   */
  adaptInputs(inputs: NamedTensors): NamedTensors;
  /**
   * A run's outputs -> tensors named and laid out as the ONNX graph's outputs (e.g. a single RNN
   * operator's Y [T, directions, B, H], Y_h, Y_c), so they compare with the ONNX model's own
   * outputs. Outputs the ONNX graph does not have are left out.
   */
  adaptOutputs(result: RunResult): NamedTensors;
}
