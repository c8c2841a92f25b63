import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import {
  buildCharVocabulary,
  decodeTokens,
  encodeText,
  parseCharVocabulary,
  vocabularyPathFor,
  writeCharVocabulary,
} from './char-vocabulary.js';

function errorOf(fn: () => unknown): RnnkitError {
  try {
    fn();
  } catch (error) {
    if (RnnkitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an RnnkitError');
}

describe('character vocabulary', () => {
  it('lists distinct code points in code point order and round-trips text', () => {
    const vocabulary = buildCharVocabulary('banana\nAnna 🍌');
    // '\n' 10, ' ' 32, 'A' 65, 'a' 97, 'b' 98, 'n' 110, then the astral banana as ONE token
    expect(vocabulary.tokens).toEqual(['\n', ' ', 'A', 'a', 'b', 'n', '🍌']);
    expect(encodeText(vocabulary, 'nab🍌')).toEqual([5, 3, 4, 6]);
    expect(decodeTokens(vocabulary, [4, 3, 5, 6])).toBe('ban🍌');
    expect(parseCharVocabulary(writeCharVocabulary(vocabulary))).toEqual(vocabulary);
  });

  it('names the unknown character, the bad id and the bad field', () => {
    const vocabulary = buildCharVocabulary('abc');
    expect(errorOf(() => encodeText(vocabulary, 'abz')).path).toBe('text[2]');
    expect(errorOf(() => decodeTokens(vocabulary, [0, 3])).path).toBe('tokens[1]');
    expect(errorOf(() => parseCharVocabulary('{')).path).toBe('$');
    const file = (patch: object) =>
      JSON.stringify({
        format: 'rnnkit-vocabulary',
        formatVersion: 1,
        type: 'characters',
        tokens: ['a'],
        ...patch,
      });
    expect(errorOf(() => parseCharVocabulary(file({ tokens: ['a', 'a'] }))).path).toBe(
      '$.tokens[1]',
    );
    expect(errorOf(() => parseCharVocabulary(file({ tokens: ['ab'] }))).path).toBe('$.tokens[0]');
    expect(errorOf(() => parseCharVocabulary(file({ formatVersion: 2 }))).path).toBe(
      '$.formatVersion',
    );
    expect(errorOf(() => parseCharVocabulary(file({ extra: 1 }))).path).toBe('$.extra');
    expect(errorOf(() => buildCharVocabulary('')).code).toBe('INVALID_INPUT');
  });

  it('lives beside the model as <stem>.vocab.json', () => {
    expect(vocabularyPathFor('out/names.json')).toBe('out/names.vocab.json');
    expect(vocabularyPathFor('out/lm.onnx')).toBe('out/lm.vocab.json');
    expect(vocabularyPathFor('dir.v2/model')).toBe('dir.v2/model.vocab.json');
  });
});
