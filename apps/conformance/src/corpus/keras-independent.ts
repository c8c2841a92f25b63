/**
 * Keras files that recorded no outputs (the tf.keras 2.2.4 RNN suite, Keras 1/2 small layers,
 * functional and trained models, the TF.js text generator, Keras 3 layouts), each with outputs
 * from an independent PyTorch float64 implementation of Keras's layer maths that reads the files
 * with h5py: packages/keras/src/__fixtures__/independent/make_independent.py.
 */
import { float64Tensor } from '@rnnkit/core';
import type { MatrixCase } from 'rnnkit';
import {
  importOrRefuse,
  kebab,
  kerasBytes,
  kerasList,
  kerasText,
  modelInput,
} from './keras-files.js';

interface IndependentCase {
  /** Relative to real/, except the Keras 3 files written beside the JSON in independent/. */
  source: string;
  input: { shape: number[]; data: number[] };
  output: { shape: number[]; data: number[] };
}

export async function kerasIndependentCases(): Promise<MatrixCase[]> {
  const cases: MatrixCase[] = [];
  for (const file of kerasList('independent').filter((name) => name.endsWith('.json'))) {
    const name = file.replace(/\.json$/, '');
    const recorded = JSON.parse(kerasText(`independent/${file}`)) as IndependentCase;
    const model = await importOrRefuse(modelFiles(recorded.source));
    if (model === undefined) continue;
    cases.push({
      id: `keras-independent-${kebab(name)}`,
      group: 'keras',
      description: `${recorded.source} against an independent PyTorch float64 run of Keras's maths`,
      model,
      inputs: modelInput(model, recorded.input.shape, recorded.input.data),
      expected: {
        [model.spec.output.name]: float64Tensor(recorded.output.shape, recorded.output.data),
      },
      source: 'pytorch',
    });
  }
  return cases;
}

/** The files of one model: a single .h5 / .keras, or a model.json with the shards it lists. */
function modelFiles(source: string): Record<string, Uint8Array> {
  const path = source.startsWith('keras3_') ? `independent/${source}` : `real/${source}`;
  const fileName = source.slice(source.lastIndexOf('/') + 1);
  const files: Record<string, Uint8Array> = { [fileName]: kerasBytes(path) };
  if (fileName.endsWith('.json')) {
    const folder = path.slice(0, path.lastIndexOf('/'));
    const manifest = (JSON.parse(kerasText(path)) as { weightsManifest?: { paths: string[] }[] })
      .weightsManifest;
    for (const shard of (manifest ?? []).flatMap((group) => group.paths)) {
      files[shard] = kerasBytes(`${folder}/${shard}`);
    }
  }
  return files;
}
