/** Backend ids from the command line, checked against the ids rnnkit knows. */
import { BACKEND_IDS, type BackendId } from '@rnnkit/core';
import { isBackendId } from '../backends/registry.js';
import { UsageError } from './usage-error.js';

export function parseBackendId(value: string, command: string): BackendId {
  if (!isBackendId(value)) {
    throw new UsageError(`unknown backend '${value}' (known: ${BACKEND_IDS.join(', ')})`, command);
  }
  return value;
}

export function parseBackendList(value: string, command: string): BackendId[] {
  const ids = value
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) throw new UsageError('--backends needs at least one backend id', command);
  return [...new Set(ids.map((id) => parseBackendId(id, command)))];
}
