/**
 * The character vocabulary of a model file: `--vocabulary <file>`, or `<stem>.vocab.json` beside
 * the model (where `rnnkit train --text` writes it). Absent is fine (token ids in and out).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  type CharVocabulary,
  parseCharVocabulary,
  RnnkitError,
  vocabularyPathFor,
} from '@rnnkit/core';

export async function readVocabularyFor(
  modelPath: string,
  explicitPath: string | undefined,
): Promise<{ vocabulary?: CharVocabulary; path?: string }> {
  const path = explicitPath ?? vocabularyPathFor(modelPath);
  if (explicitPath === undefined && !existsSync(path)) return {};
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const errno = (cause as NodeJS.ErrnoException).code;
    throw new RnnkitError(
      'INVALID_INPUT',
      `cannot read the vocabulary ${path}: ${errno === 'ENOENT' ? 'no such file' : (errno ?? String(cause))}`,
      { path, cause },
    );
  }
  try {
    return { vocabulary: parseCharVocabulary(text), path };
  } catch (error) {
    if (RnnkitError.isInstance(error))
      throw new RnnkitError(error.code, `${path}: ${error.message}`, { path, cause: error });
    throw error;
  }
}
