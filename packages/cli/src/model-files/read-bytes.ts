import { readFile } from 'node:fs/promises';
import { RnnkitError, type RnnkitErrorCode } from '@rnnkit/core';

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
