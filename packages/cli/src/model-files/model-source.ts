/**
 * Where a model's bytes come from: a file on disk (Node), or bytes in memory with the names of
 * any companion files (browsers, or bytes already in hand). Readers ask for companions by the
 * name the model file itself records (a TF.js shard path, the .safetensors beside a spec).
 */
import { RnnkitError, type RnnkitErrorCode } from '@rnnkit/core';

export interface ModelSource {
  /** The path, or the name given with the bytes: format detection reads its extension. */
  name: string;
  bytes: Uint8Array;
  /** A companion file by its name relative to the model's; RnnkitError `code` when missing. */
  companion(relative: string, code: RnnkitErrorCode, what: string): Promise<Uint8Array>;
  /** Whether a companion exists (without reading it). */
  hasCompanion(relative: string): Promise<boolean>;
}

/** A source over bytes in memory; `files` holds the companions by relative name. */
export function memorySource(
  name: string,
  bytes: Uint8Array,
  files: Readonly<Record<string, Uint8Array>> = {},
): ModelSource {
  const find = (relative: string) =>
    files[relative] ?? files[relative.replace(/^\.\//, '')] ?? undefined;
  return {
    name,
    bytes,
    async companion(relative, code, what) {
      const found = find(relative);
      if (found === undefined) {
        const given = Object.keys(files);
        throw new RnnkitError(
          code,
          `${name} needs ${what}'${relative}': pass it in loadModel's files option (given: ${given.length ? given.join(', ') : 'none'})`,
          { path: relative },
        );
      }
      return found;
    },
    async hasCompanion(relative) {
      return find(relative) !== undefined;
    },
  };
}
