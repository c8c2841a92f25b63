/**
 * One conformance case from a loaded model: its inputs (given, or seeded random ones of the right
 * shape) and expected outputs (given in the model's own names, or the reference executor's).
 */
import { createReferenceBackend, type NamedTensors, type RunResult } from '@rnnkit/core';
import type { MatrixCase } from '../conformance/matrix.js';
import { baseName } from '../model-files/file-names.js';
import type { ModelFile } from '../model-files/model-file.js';
import { randomInputs } from '../model-files/random-inputs.js';
import { renameSingleInput } from '../model-files/rename-single-input.js';
import { sourceOutputsToSpec } from '../model-files/source-outputs-to-spec.js';

export interface ModelCaseOptions {
  /** Inputs named as the model names them. */
  inputs?: NamedTensors;
  /** Expected outputs named as the model names them. */
  expected?: NamedTensors;
  seed?: number;
  /** Where inputs / expected came from, for the report ('inputs in.json'). */
  inputsLabel?: string;
  expectedLabel?: string;
}

async function runReference(file: ModelFile, inputs: NamedTensors): Promise<RunResult> {
  const session = await createReferenceBackend().load(file.model);
  try {
    return await session.run(inputs);
  } finally {
    await session.dispose();
  }
}

export async function buildModelCase(
  file: ModelFile,
  options: ModelCaseOptions,
): Promise<MatrixCase> {
  const inputs = options.inputs
    ? file.toModelInputs(renameSingleInput(file, options.inputs))
    : randomInputs(file.model.spec, { seed: options.seed });
  // The reference run checks the inputs (a clear INVALID_INPUT here, not one per backend) and
  // fixes every output shape, which mapping the expected values needs.
  const reference = await runReference(file, inputs);
  const name = baseName(file.path);
  const inputText = options.inputs
    ? `inputs ${options.inputsLabel ?? 'given'}`
    : `random inputs (seed ${options.seed ?? 1})`;
  if (options.expected) {
    const source = options.expectedLabel ?? 'the given expected values';
    const { expected, expectedState } = sourceOutputsToSpec(
      file,
      reference,
      options.expected,
      source,
    );
    return {
      id: name,
      group: 'model',
      description: `${file.path}, ${inputText}, expected values from ${source}`,
      source,
      model: file.model,
      inputs,
      expected,
      expectedState,
    };
  }
  return {
    id: name,
    group: 'model',
    description: `${file.path}, ${inputText}, expected values from the reference executor`,
    source: 'reference',
    model: file.model,
    inputs,
    expected: reference.outputs,
    expectedState: reference.state,
  };
}
