/**
 * Node's side of model loading: whole files from disk. In browser bundles the package.json
 * `browser` field swaps this module for read-bytes-browser.ts, so `node:fs` never reaches them.
 */
import { access, readFile } from 'node:fs/promises';
import { RnnkitError, type RnnkitErrorCode } from '@rnnkit/core';
import { siblingPath } from './file-names.js';
import type { ModelSource } from './model-source.js';

/** Reads a whole file; a missing or unreadable file is an RnnkitError naming the path. */
export async function readBytes(
  path: string,
  code: RnnkitErrorCode = 'MODEL_FORMAT',
  what = '',
): Promise<Uint8Array> {
  try {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (cause) {
    const errno = (cause as NodeJS.ErrnoException).code;
    const reason =
      errno === 'ENOENT'
        ? 'no such file'
        : errno === 'EISDIR'
          ? 'it is a directory'
          : (errno ?? String(cause));
    throw new RnnkitError(code, `cannot read ${what}${path}: ${reason}`, { path, cause });
  }
}

/** A model file on disk; companions are read beside it. */
export async function fileSource(path: string): Promise<ModelSource> {
  const bytes = await readBytes(path);
  return {
    name: path,
    bytes,
    companion: (relative, code, what) => readBytes(siblingPath(path, relative), code, what),
    async hasCompanion(relative) {
      try {
        await access(siblingPath(path, relative));
        return true;
      } catch {
        return false;
      }
    },
  };
}
