/**
 * Backends that train, for `rnnkit train --backend`: the float64 reference in core and the
 * TensorFlow.js engine in @rnnkit/tfjs (tfjs-cpu, tfjs-wasm). The default is the fastest Node
 * backend that trains here: tfjs-wasm, else the reference (always there).
 */
import {
  type BackendId,
  createReferenceTrainingEngine,
  RnnkitError,
  type TrainingEngine,
} from '@rnnkit/core';
import { UsageError } from '../args/usage-error.js';

export const TRAINING_BACKENDS: readonly BackendId[] = ['reference', 'tfjs-cpu', 'tfjs-wasm'];
export const PREFERRED_TRAINING_BACKENDS: readonly BackendId[] = ['tfjs-wasm', 'reference'];

type TfjsTrainingModule = {
  createTfjsTrainingEngine?: (options: { backend: 'cpu' | 'wasm' }) => TrainingEngine;
  registerTrainingGradients?: (backendId: string) => Promise<void>;
};

export async function createTrainingEngine(id: BackendId): Promise<TrainingEngine> {
  if (id === 'reference') return createReferenceTrainingEngine();
  if (id === 'tfjs-cpu' || id === 'tfjs-wasm') {
    let module: TfjsTrainingModule;
    try {
      module = (await import('@rnnkit/tfjs')) as TfjsTrainingModule;
    } catch (cause) {
      throw new RnnkitError(
        'BACKEND_UNAVAILABLE',
        `backend '${id}' could not be loaded: ${String(cause)}`,
        {
          backend: id,
          cause,
        },
      );
    }
    if (!module.createTfjsTrainingEngine) {
      throw new RnnkitError(
        'BACKEND_UNAVAILABLE',
        `backend '${id}': this @rnnkit/tfjs has no training engine`,
        {
          backend: id,
        },
      );
    }
    // tfjs trains only with its gradient functions registered (in plain Node they come from
    // @tensorflow/tfjs): find out now, so the default can fall back instead of failing later.
    await module.registerTrainingGradients?.(id);
    return module.createTfjsTrainingEngine({ backend: id === 'tfjs-cpu' ? 'cpu' : 'wasm' });
  }
  throw new UsageError(
    `backend '${id}' runs models but does not train (training backends: ${TRAINING_BACKENDS.join(', ')})`,
    'train',
  );
}

/**
 * The first preferred backend whose engine can be created here, and why the faster ones could
 * not (said on stderr: a silent fall back to the float64 reference would be ~100x slower).
 */
export async function defaultTrainingEngine(): Promise<{
  engine: TrainingEngine;
  notes: string[];
}> {
  const notes: string[] = [];
  for (const id of PREFERRED_TRAINING_BACKENDS) {
    try {
      return { engine: await createTrainingEngine(id), notes };
    } catch (error) {
      notes.push(
        `${id} cannot train here: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { engine: createReferenceTrainingEngine(), notes };
}
