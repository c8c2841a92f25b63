/**
 * The model `rnnkit train` starts from: any model file the CLI reads, or an rnnkit spec with no
 * weights beside it, which starts from seeded initial weights (core's initializeWeights, the
 * config's seed). With `--text`, such a spec is first resized to the corpus's vocabulary.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { initializeWeights, type ModelSpec, parseSpec, validateSpec } from '@rnnkit/core';
import { weightsPathFor } from '@rnnkit/core/node';
import { loadModelFile } from '../model-files/load-model-file.js';
import type { ModelFile } from '../model-files/model-file.js';
import { fileSource } from '../model-files/read-bytes.js';
import { specSignature } from '../model-files/signature.js';

export interface TrainingModel {
  file: ModelFile;
  /** True when the weights were initialised here (no weights file beside the spec). */
  initialised: boolean;
}

export async function loadTrainingModel(
  path: string,
  seed: number,
  adaptSpec?: (spec: ModelSpec) => ModelSpec,
): Promise<TrainingModel> {
  if (
    path.toLowerCase().endsWith('.json') &&
    !existsSync(weightsPathFor(path)) &&
    existsSync(path)
  ) {
    const text = await readFile(path, 'utf8');
    if (text.includes('"rnnkit-model"')) {
      const parsed = parseSpec(text);
      const spec = adaptSpec ? validateSpec(adaptSpec(parsed)) : parsed;
      const model = { spec, weights: initializeWeights(spec, { seed }) };
      return {
        initialised: true,
        file: {
          path,
          format: 'rnnkit',
          detail: `initial weights, seed ${seed}`,
          model,
          signature: specSignature(spec),
          toModelInputs: (tensors) => tensors,
          fromRunResult: (result) => result.outputs,
        },
      };
    }
  }
  return { file: await loadModelFile(await fileSource(path)), initialised: false };
}
