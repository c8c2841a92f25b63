/**
 * A model read from disk, whatever its source format: the rnnkit model every backend runs, plus
 * adapters between the source file's own tensor names and layouts and the spec's, so that
 * `rnnkit run` takes and writes tensors as the source model names them (DESIGN.md, Tensor JSON).
 */
import type { Model, NamedTensors, RunResult } from '@rnnkit/core';
import type { ModelFileFormat } from './detect-format.js';
import type { Signature } from './signature.js';

export interface ModelFile {
  path: string;
  format: ModelFileFormat;
  /** How the reader recognised it, e.g. 'torch-graph, opset 14' or 'Keras 2.3.1'. */
  detail?: string;
  model: Model;
  /** Inputs and outputs as the source file names and lays them out. */
  signature: Signature;
  /** Tensors named and laid out as the source's inputs -> the spec's run inputs. */
  toModelInputs(tensors: NamedTensors): NamedTensors;
  /** A run's result -> tensors named and laid out as the source's outputs. */
  fromRunResult(result: RunResult): NamedTensors;
}
