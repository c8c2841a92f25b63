/**
 * One conformance case from a model file: its inputs (given, or seeded random ones of the right
 * shape) and expected outputs (given in the model's own names, or the reference executor's).
 */
import { basename } from 'node:path';
import { createReferenceBackend, type NamedTensors, type RunResult } from '@rnnkit/core';
import type { MatrixCase } from '../conformance/matrix.js';
import type { ModelFile } from '../model-files/model-file.js';
import { randomInputs } from '../model-files/random-inputs.js';
import { sourceOutputsToSpec } from '../model-files/source-outputs-to-spec.js';
import { renameSingleInput } from './run.js';
import { readTensorFile } from './tensor-files.js';

export interface ModelCaseOptions {
  inputPath?: string;
  expectedPath?: string;
  seed?: number;
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
  const inputs = options.inputPath
    ? file.toModelInputs(renameSingleInput(file, await readTensorFile(options.inputPath, 'input')))
    : randomInputs(file.model.spec, { seed: options.seed });
  // The reference run checks the inputs (a clear INVALID_INPUT here, not one per backend) and
  // fixes every output shape, which mapping the expected file needs.
  const reference = await runReference(file, inputs);
  const name = basename(file.path);
  const inputText = options.inputPath
    ? `inputs ${options.inputPath}`
    : `random inputs (seed ${options.seed ?? 1})`;
  if (options.expectedPath) {
    const given = await readTensorFile(options.expectedPath, 'expected');
    const { expected, expectedState } = sourceOutputsToSpec(
      file,
      reference,
      given,
      options.expectedPath,
    );
    return {
      id: name,
      group: 'model',
      description: `${file.path}, ${inputText}, expected values from ${options.expectedPath}`,
      source: options.expectedPath,
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
