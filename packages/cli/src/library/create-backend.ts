/**
 * `createBackend(id)`: any backend by its id, in Node or in a browser (each gets its own
 * implementation through package.json's `browser` field). Ids that cannot run here are refused
 * with BACKEND_UNAVAILABLE and the reason (browser-only, Node-only, runtime not installed).
 */
import { BACKEND_IDS, type Backend, type BackendId, RnnkitError } from '@rnnkit/core';
import type { CreateBackendOptions } from '../backends/backend-options.js';
import { createEnvironmentBackend } from '../backends/environment-node.js';

export type { CreateBackendOptions } from '../backends/backend-options.js';

export async function createBackend(
  id: BackendId,
  options: CreateBackendOptions = {},
): Promise<Backend> {
  if (!(BACKEND_IDS as readonly string[]).includes(id))
    throw new RnnkitError(
      'INVALID_INPUT',
      `unknown backend '${String(id)}'; backends: ${BACKEND_IDS.join(', ')}`,
      { path: 'id' },
    );
  return createEnvironmentBackend(id, options);
}
