/**
 * JSON nested ~20,000 deep: JSON.parse accepts it, but anything recursive afterwards (the
 * message formatting of an error) overflowed the stack with a RangeError. Every reader of
 * untrusted JSON in core refuses it with its own clean error instead.
 */
import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import { decodeSafetensors } from '../safetensors/decode.js';
import { readTensorJson } from '../tensor-json/read-tensor-json.js';
import { parseSpec, validateSpec } from '../validate/validate-spec.js';
import { jsonDepth, jsonTooDeep, MAX_JSON_DEPTH } from './json-depth.js';

const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

function caught(run: () => unknown): RnnkitError {
  try {
    run();
  } catch (error) {
    if (RnnkitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

function safetensorsWithHeader(header: string): Uint8Array {
  const text = new TextEncoder().encode(header);
  const bytes = new Uint8Array(8 + text.length);
  new DataView(bytes.buffer).setUint32(0, text.length, true);
  bytes.set(text, 8);
  return bytes;
}

describe('deeply nested JSON', () => {
  it('measures depth without recursion', () => {
    expect(jsonDepth(JSON.parse(deep(20_000)), 1e9)).toBe(20_000);
    expect(jsonDepth({ a: [1, { b: null }] })).toBe(3);
    expect(jsonDepth(7)).toBe(0);
    expect(jsonTooDeep(JSON.parse(deep(MAX_JSON_DEPTH)))).toBe(false);
    expect(jsonTooDeep(JSON.parse(deep(MAX_JSON_DEPTH + 1)))).toBe(true);
  });

  it('in a safetensors header (as the dtype of a tensor and as the metadata)', () => {
    for (const header of [
      `{"w":{"dtype":${deep(20_000)},"shape":[],"data_offsets":[0,0]}}`,
      `{"__metadata__":${deep(20_000)}}`,
    ]) {
      const error = caught(() => decodeSafetensors(safetensorsWithHeader(header)));
      expect(error.code).toBe('INVALID_WEIGHTS');
      expect(error.message).toMatch(/nests deeper than 256 levels/);
    }
  });

  it('in a spec, as text and as parsed JSON', () => {
    const text = `{"format":"rnnkit-model","formatVersion":1,"name":${deep(20_000)}}`;
    expect(caught(() => parseSpec(text)).code).toBe('INVALID_SPEC');
    expect(caught(() => validateSpec(JSON.parse(text))).message).toMatch(/nests deeper/);
  });

  it('in tensor JSON', () => {
    const error = caught(() =>
      readTensorJson(`{"x":{"dtype":"float32","shape":[1],"data":${deep(20_000)}}}`),
    );
    expect(error.code).toBe('INVALID_INPUT');
  });
});
