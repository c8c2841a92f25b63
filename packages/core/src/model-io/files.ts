/**
 * Node-only: models as files. `model.json` sits beside `model.safetensors`. Exported from
 * `@rnnkit/core/node` (src/node.ts), never from the main entry, so browser bundles of
 * `@rnnkit/core` do not pull in `node:fs`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RnnkitError } from '../errors.js';
import type { Model } from '../weights/canonical.js';
import { loadModelFromBytes } from './load-model.js';
import { saveModel } from './save-model.js';

/** `dir/name.json` -> `dir/name.safetensors`; any other spec path gets `.safetensors` appended. */
export function weightsPathFor(specPath: string): string {
  return specPath.toLowerCase().endsWith('.json')
    ? `${specPath.slice(0, -'.json'.length)}.safetensors`
    : `${specPath}.safetensors`;
}

/** Writes the spec to `specPath` and the weights beside it; creates the directory if needed. */
export async function saveModelToFiles(
  model: Model,
  specPath: string,
): Promise<{ specPath: string; weightsPath: string }> {
  const saved = saveModel(model);
  const weightsPath = weightsPathFor(specPath);
  await mkdir(dirname(specPath), { recursive: true });
  // Weights first: a reader that finds the spec finds its weights too.
  await writeFile(weightsPath, saved.weights);
  await writeFile(specPath, saved.spec, 'utf8');
  return { specPath, weightsPath };
}

/** Reads `specPath` and the `.safetensors` beside it (see `weightsPathFor`). */
export async function loadModelFromFiles(specPath: string): Promise<Model> {
  const weightsPath = weightsPathFor(specPath);
  const specText = await readOrThrow(specPath, 'INVALID_SPEC', 'spec', (path) =>
    readFile(path, 'utf8'),
  );
  const weightBytes = await readOrThrow(weightsPath, 'INVALID_WEIGHTS', 'weights', async (path) => {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  });
  return loadModelFromBytes(specText, weightBytes);
}

async function readOrThrow<T>(
  path: string,
  code: 'INVALID_SPEC' | 'INVALID_WEIGHTS',
  what: string,
  read: (path: string) => Promise<T>,
): Promise<T> {
  try {
    return await read(path);
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
    throw new RnnkitError(code, `cannot read the ${what} file ${path} (${reason})`, {
      path,
      cause,
    });
  }
}
