/** Reading the keras package's fixtures and importing them the way a user would (importKeras). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { float32Tensor, int32Tensor, type Model, RnnkitError, type Tensor } from '@rnnkit/core';
import { importKeras } from '@rnnkit/keras';
import { KERAS_FIXTURES } from './fixtures.js';

export const kerasBytes = (path: string): Uint8Array =>
  new Uint8Array(readFileSync(join(KERAS_FIXTURES, path)));

export const kerasText = (path: string): string => readFileSync(join(KERAS_FIXTURES, path), 'utf8');

export const kerasList = (folder: string): string[] =>
  readdirSync(join(KERAS_FIXTURES, folder)).sort();

/**
 * Imports a set of files (an .h5 or .keras, an .h5 with its config .json, or a model.json with
 * its shards); undefined when the importer refuses the model as outside the spec (such files are
 * not conformance cases). Any other error is a broken fixture or importer and is thrown.
 */
export async function importOrRefuse(
  files: Record<string, Uint8Array>,
): Promise<Model | undefined> {
  try {
    const { spec, weights } = await importKeras(files);
    return { spec, weights };
  } catch (error) {
    if (RnnkitError.isInstance(error) && error.code === 'UNSUPPORTED_FEATURE') return undefined;
    throw error;
  }
}

/** The model's input tensor from recorded numbers (token ids for an Embedding model). */
export function modelInput(
  model: Model,
  shape: number[],
  data: ArrayLike<number>,
): Record<string, Tensor> {
  const tensor =
    model.spec.input.type === 'tokens' ? int32Tensor(shape, data) : float32Tensor(shape, data);
  return { [model.spec.input.name]: tensor };
}

/** Case ids are kebab-case. */
export const kebab = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
