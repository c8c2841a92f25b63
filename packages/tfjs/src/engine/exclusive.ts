/**
 * tfjs has one global engine whose active backend is global state: `setBackend` switches every
 * caller at once, and an op run while the wrong backend is active silently moves its inputs
 * there. So every rnnkit load and run on tfjs goes through this queue: it activates the backend
 * the session belongs to, then computes. Runs on one engine are serialised, which costs nothing
 * (tfjs executes ops one at a time on the JavaScript thread anyway) and lets a tfjs-cpu and a
 * tfjs-wasm session in one process interleave their runs and still compute where they loaded.
 *
 * The queue lives on the engine object, so two copies of this package sharing one tfjs-core
 * still share one queue.
 */

import { RnnkitError } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { TfjsBackendName } from './backend-names.js';
import { describeWasmFailure } from './wasm-location.js';

const queueKey = Symbol.for('rnnkit.tfjs.exclusive-queue');

type EngineWithQueue = { [queueKey]?: Promise<unknown> };

export function withActiveBackend<T>(
  name: TfjsBackendName,
  work: () => Promise<T> | T,
): Promise<T> {
  const engine = tf.engine() as unknown as EngineWithQueue;
  const previous = engine[queueKey] ?? Promise.resolve();
  const next = previous.then(async () => {
    await activate(name);
    return work();
  });
  // A failed run must not block the ones queued behind it.
  engine[queueKey] = next.catch(() => undefined);
  return next;
}

async function activate(name: TfjsBackendName): Promise<void> {
  // `backendName` is read instead of `tf.getBackend()`, which would initialise some default
  // backend as a side effect when none is active yet.
  if (tf.engine().backendName === name) return;
  const ok = await tf.setBackend(name);
  if (!ok) {
    const detail = name === 'wasm' ? `: ${describeWasmFailure()}` : '';
    throw new RnnkitError(
      'BACKEND_UNAVAILABLE',
      `tfjs backend '${name}' failed to initialise${detail}`,
      {
        backend: `tfjs-${name}`,
      },
    );
  }
}
