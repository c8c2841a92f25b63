/**
 * A case from an ONNX file and the outputs its producer recorded (ONNX's numpy reference, or
 * PyTorch): imported with `importOnnxDetailed`, expected values moved into the spec's layout.
 */
import { type NamedTensors, runReference } from '@rnnkit/core';
import { importOnnxDetailed } from '@rnnkit/onnx';
import type { MatrixCase } from 'rnnkit';
import { expectedInSpecLayout } from './expected-in-spec-layout.js';

export function recordedOnnxCase(fields: {
  id: string;
  group: string;
  description: string;
  source: string;
  bytes: Uint8Array;
  bindInputs?: NamedTensors;
  inputs: NamedTensors;
  outputs: NamedTensors;
}): MatrixCase {
  const imported = importOnnxDetailed(fields.bytes, { bindInputs: fields.bindInputs });
  const inputs = imported.adaptInputs(fields.inputs);
  const shapes = runReference(imported.model, inputs);
  return {
    id: fields.id,
    group: fields.group,
    description: fields.description,
    model: imported.model,
    inputs,
    expected: expectedInSpecLayout(imported, shapes, fields.outputs),
    source: fields.source,
  };
}
