/** Metadata JSON nested 20,000 deep ended in a stack overflow (RangeError); now MODEL_FORMAT. */
import { encodeSafetensors, RnnkitError } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { PREFIXES_METADATA_KEY, readTorchStateDict, SPEC_METADATA_KEY } from './read-state-dict.js';

const spec = JSON.stringify({
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'x', type: 'features', size: 1 },
  layers: [{ type: 'simpleRnn', name: 'rnn', units: 1 }],
  output: { name: 'y' },
});
const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;

describe('state-dict metadata nested 20,000 deep', () => {
  it.each([SPEC_METADATA_KEY, PREFIXES_METADATA_KEY])('in %s', (key) => {
    const metadata: Record<string, string> = { [SPEC_METADATA_KEY]: spec, [key]: deep };
    const bytes = encodeSafetensors(
      new Map([['fc.weight', { dtype: 'F32', shape: [1, 1], data: Float32Array.of(1) }]]),
      metadata,
    );
    let caught: unknown;
    try {
      readTorchStateDict(bytes);
    } catch (error) {
      caught = error;
    }
    expect(RnnkitError.isInstance(caught)).toBe(true);
    expect((caught as RnnkitError).code).toBe('MODEL_FORMAT');
    expect((caught as RnnkitError).message).toMatch(/nests deeper than 256 levels/);
  });
});
