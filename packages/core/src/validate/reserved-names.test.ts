/**
 * Names that reach an object's prototype are refused wherever a spec names something, and the
 * refusal is a clean INVALID_SPEC that leaves Object.prototype untouched (a fuzzing run found a
 * layer named `__proto__` setting `Object.prototype.h` through a state object).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import { RESERVED_NAMES } from '../names/reserved-names.js';
import { parseSpec, validateSpec } from './validate-spec.js';

// biome-ignore lint/suspicious/noExplicitAny: tests build deliberately malformed specs
type Loose = any;

function lstmSpec(): Loose {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size: 3 },
    layers: [
      { type: 'lstm', name: 'lstm', units: 2 },
      { type: 'dense', name: 'dense', units: 1 },
    ],
    output: { name: 'y' },
    stateOutputs: [{ name: 'h_n', kind: 'h', layers: ['lstm'] }],
  };
}

function refusal(spec: unknown): RnnkitError {
  try {
    validateSpec(spec);
  } catch (error) {
    if (!RnnkitError.isInstance(error)) throw error;
    return error;
  }
  throw new Error('expected the spec to be refused');
}

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
const before = prototypeKeys();
afterEach(() => expect(prototypeKeys()).toEqual(before));

describe('reserved names', () => {
  it('covers every own property of Object.prototype in this engine', () => {
    for (const key of Object.getOwnPropertyNames(Object.prototype)) {
      expect(RESERVED_NAMES).toContain(key);
    }
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'])(
    'refuses a layer named %s',
    (name) => {
      const spec = lstmSpec();
      spec.layers[0].name = name;
      spec.stateOutputs[0].layers = [name];
      const error = refusal(spec);
      expect(error.code).toBe('INVALID_SPEC');
      expect(error.path).toBe('$.layers[0].name');
      expect(error.message).toMatch(/reserved/);
    },
  );

  it.each([
    ['input', (s: Loose) => (s.input.name = '__proto__'), '$.input.name'],
    ['output', (s: Loose) => (s.output.name = 'constructor'), '$.output.name'],
    ['state output', (s: Loose) => (s.stateOutputs[0].name = 'valueOf'), '$.stateOutputs[0].name'],
    [
      'sequence lengths',
      (s: Loose) => (s.sequenceLengths = { name: 'toString' }),
      '$.sequenceLengths.name',
    ],
  ])('refuses a reserved %s tensor name', (_what, edit, path) => {
    const spec = lstmSpec();
    edit(spec);
    const error = refusal(spec);
    expect(error.code).toBe('INVALID_SPEC');
    expect(error.path).toBe(path);
  });

  it('refuses a reserved name written as JSON text (where "__proto__" is an own key)', () => {
    const text = JSON.stringify(lstmSpec()).replace('"name":"lstm"', '"name":"__proto__"');
    expect(() => parseSpec(text)).toThrow(/reserved/);
  });

  it.each(['toString', '__proto__', 'valueOf', 'constructor', 'hasOwnProperty'])(
    'refuses the activation name %s as INVALID_SPEC, as a string and as an object name',
    (name) => {
      const plain = lstmSpec();
      plain.layers[0].activation = name;
      expect(refusal(plain).path).toBe('$.layers[0].activation');
      const object = lstmSpec();
      object.layers[1].activation = { name };
      expect(refusal(object).path).toBe('$.layers[1].activation.name');
      const recurrent = lstmSpec();
      recurrent.layers[0].recurrentActivation = name;
      expect(refusal(recurrent).path).toBe('$.layers[0].recurrentActivation');
    },
  );

  it('still accepts names that merely contain a reserved word', () => {
    const spec = lstmSpec();
    spec.layers[0].name = 'constructor_lstm';
    spec.stateOutputs[0].layers = ['constructor_lstm'];
    spec.output.name = 'toString2';
    expect(validateSpec(spec)).toBe(spec);
  });
});
