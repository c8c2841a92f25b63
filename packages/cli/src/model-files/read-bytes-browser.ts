/**
 * The browser stand-in for read-bytes.ts (package.json `browser` field): there is no file
 * system, so a path is refused with what to do instead, rather than a bundler error on `node:fs`.
 */
import { RnnkitError, type RnnkitErrorCode } from '@rnnkit/core';
import type { ModelSource } from './model-source.js';

function noFileSystem(path: string, code: RnnkitErrorCode, what: string): RnnkitError {
  return new RnnkitError(
    code,
    `cannot read ${what}${path}: there is no file system here; pass the bytes instead (loadModel(bytes, { name, files }))`,
    { path },
  );
}

export async function readBytes(
  path: string,
  code: RnnkitErrorCode = 'MODEL_FORMAT',
  what = '',
): Promise<Uint8Array> {
  throw noFileSystem(path, code, what);
}

export async function fileSource(path: string): Promise<ModelSource> {
  throw noFileSystem(path, 'MODEL_FORMAT', '');
}
