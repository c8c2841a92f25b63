/**
 * Tensor JSON files for the CLI: inputs, outputs and recurrent state (`<layer>/h`, `<layer>/c`).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type ModelSpec,
  type NamedTensors,
  nameRecord,
  type RecurrentState,
  RnnkitError,
  readTensorJson,
  recurrentLayers,
  writeTensorJson,
} from '@rnnkit/core';

export async function readTensorFile(path: string, what: string): Promise<NamedTensors> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const errno = (cause as NodeJS.ErrnoException).code;
    throw new RnnkitError(
      'INVALID_INPUT',
      `cannot read the ${what} file ${path}: ${errno === 'ENOENT' ? 'no such file' : (errno ?? String(cause))}`,
      { path, cause },
    );
  }
  try {
    return readTensorJson(text);
  } catch (error) {
    if (RnnkitError.isInstance(error)) {
      throw new RnnkitError(error.code, `${path}: ${error.message}`, {
        path: error.path ?? path,
        cause: error,
      });
    }
    throw error;
  }
}

export async function writeTextFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, 'utf8');
}

/** `{ "<layer>/h": .., "<layer>/c": .. }` -> RecurrentState, checking names against the spec. */
export function stateFromTensors(
  spec: ModelSpec,
  tensors: NamedTensors,
  path: string,
): RecurrentState {
  const layers = new Map(recurrentLayers(spec).map((layer) => [layer.name, layer]));
  const state: RecurrentState = nameRecord();
  for (const [name, tensor] of Object.entries(tensors)) {
    const slash = name.lastIndexOf('/');
    const layerName = name.slice(0, slash);
    const kind = name.slice(slash + 1);
    const layer = layers.get(layerName);
    if (
      slash < 0 ||
      !layer ||
      (kind !== 'h' && kind !== 'c') ||
      (kind === 'c' && layer.type !== 'lstm')
    ) {
      const known = [...layers.values()].flatMap((l) =>
        l.type === 'lstm' ? [`${l.name}/h`, `${l.name}/c`] : [`${l.name}/h`],
      );
      throw new RnnkitError(
        'INVALID_STATE',
        `${path}: state tensor '${name}' names no recurrent state of this model (expected: ${known.join(', ')})`,
        { path: name },
      );
    }
    let entry = state[layerName];
    if (!entry) {
      entry = { h: undefined as never };
      state[layerName] = entry;
    }
    if (kind === 'h') entry.h = tensor;
    else entry.c = tensor;
  }
  for (const [layerName, entry] of Object.entries(state)) {
    if (entry.h === undefined) {
      throw new RnnkitError(
        'INVALID_STATE',
        `${path}: '${layerName}/c' given without '${layerName}/h'`,
        { path: `${layerName}/h` },
      );
    }
  }
  return state;
}

export function stateToTensors(state: RecurrentState): NamedTensors {
  const tensors: NamedTensors = nameRecord();
  for (const [layer, entry] of Object.entries(state)) {
    tensors[`${layer}/h`] = entry.h;
    if (entry.c) tensors[`${layer}/c`] = entry.c;
  }
  return tensors;
}

export { writeTensorJson };
