/**
 * Cases whose expected values come from the float64 reference executor, which is itself checked
 * against PyTorch, ONNX's recorded outputs and hand calculations in @rnnkit/core's tests.
 */
import { type Model, type NamedTensors, type RunOptions, runReference } from '@rnnkit/core';
import type { MatrixCase } from 'rnnkit';

export function referenceCase(fields: {
  id: string;
  group: string;
  description: string;
  model: Model;
  inputs: NamedTensors;
  runOptions?: RunOptions;
}): MatrixCase {
  const result = runReference(fields.model, fields.inputs, fields.runOptions);
  return { ...fields, expected: result.outputs, expectedState: result.state, source: 'reference' };
}
