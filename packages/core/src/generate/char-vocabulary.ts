/**
 * A character vocabulary: token id i is the i-th Unicode code point of `tokens`. It is saved as
 * its own small JSON file beside the model (`<stem>.vocab.json`, see vocabularyPathFor), because
 * the model spec has no metadata field and a vocabulary is not part of what a backend computes.
 *
 * ```json
 * { "format": "rnnkit-vocabulary", "formatVersion": 1, "type": "characters", "tokens": ["\n", " ", "a"] }
 * ```
 */
import { RnnkitError } from '../errors.js';

export interface CharVocabulary {
  format: 'rnnkit-vocabulary';
  formatVersion: 1;
  type: 'characters';
  /** One code point each, distinct; the index is the token id. */
  tokens: string[];
}

/** Every distinct code point of `text`, in code point order (so the same text gives the same ids). */
export function buildCharVocabulary(text: string): CharVocabulary {
  const characters = [...new Set(Array.from(text))];
  characters.sort((a, b) => (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0));
  if (characters.length === 0) {
    throw new RnnkitError('INVALID_INPUT', 'cannot build a character vocabulary from empty text');
  }
  return { format: 'rnnkit-vocabulary', formatVersion: 1, type: 'characters', tokens: characters };
}

/** Validates parsed JSON as a vocabulary; INVALID_INPUT with the JSON path of what is wrong. */
export function validateCharVocabulary(json: unknown): CharVocabulary {
  const fail = (path: string, message: string): never => {
    throw new RnnkitError('INVALID_INPUT', `${path}: ${message}`, { path });
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    fail('$', 'a vocabulary is a JSON object');
  const value = json as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    if (!['format', 'formatVersion', 'type', 'tokens'].includes(key))
      fail(`$.${key}`, `unknown field '${key}'`);
  }
  if (value.format !== 'rnnkit-vocabulary')
    fail('$.format', `expected "rnnkit-vocabulary", found ${JSON.stringify(value.format)}`);
  if (value.formatVersion !== 1)
    fail('$.formatVersion', `expected 1, found ${JSON.stringify(value.formatVersion)}`);
  if (value.type !== 'characters')
    fail('$.type', `expected "characters", found ${JSON.stringify(value.type)}`);
  if (!Array.isArray(value.tokens) || value.tokens.length === 0)
    fail('$.tokens', 'expected a non-empty array of single characters');
  const tokens = value.tokens as unknown[];
  const seen = new Set<string>();
  tokens.forEach((token, i) => {
    if (typeof token !== 'string' || Array.from(token).length !== 1)
      fail(`$.tokens[${i}]`, `expected one character, found ${JSON.stringify(token)}`);
    if (seen.has(token as string)) fail(`$.tokens[${i}]`, `${JSON.stringify(token)} appears twice`);
    seen.add(token as string);
  });
  return value as unknown as CharVocabulary;
}

export function parseCharVocabulary(text: string): CharVocabulary {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new RnnkitError(
      'INVALID_INPUT',
      `$: the vocabulary is not valid JSON: ${String(cause)}`,
      {
        path: '$',
        cause,
      },
    );
  }
  return validateCharVocabulary(json);
}

export function writeCharVocabulary(vocabulary: CharVocabulary): string {
  return `${JSON.stringify(vocabulary, null, 2)}\n`;
}

/** Text -> ids; a character the vocabulary lacks is INVALID_INPUT naming it and its position. */
export function encodeText(vocabulary: CharVocabulary, text: string): number[] {
  const ids = new Map(vocabulary.tokens.map((token, id) => [token, id]));
  return Array.from(text).map((character, position) => {
    const id = ids.get(character);
    if (id === undefined) {
      throw new RnnkitError(
        'INVALID_INPUT',
        `character ${JSON.stringify(character)} at position ${position} is not in the vocabulary (${vocabulary.tokens.length} characters)`,
        { path: `text[${position}]` },
      );
    }
    return id;
  });
}

/** Ids -> text; an id outside the vocabulary is INVALID_INPUT. */
export function decodeTokens(vocabulary: CharVocabulary, ids: readonly number[]): string {
  return ids
    .map((id, position) => {
      const token = vocabulary.tokens[id];
      if (token === undefined) {
        throw new RnnkitError(
          'INVALID_INPUT',
          `token id ${id} at position ${position} is outside the vocabulary (0..${vocabulary.tokens.length - 1})`,
          { path: `tokens[${position}]` },
        );
      }
      return token;
    })
    .join('');
}

/** `dir/model.json` (or .onnx, .h5, ...) -> `dir/model.vocab.json`. */
export function vocabularyPathFor(modelPath: string): string {
  const slash = Math.max(modelPath.lastIndexOf('/'), modelPath.lastIndexOf('\\'));
  const dot = modelPath.lastIndexOf('.');
  const stem = dot > slash ? modelPath.slice(0, dot) : modelPath;
  return `${stem}.vocab.json`;
}
