/**
 * The reference executor against the ONNX backend node tests for RNN, LSTM and GRU (expected
 * outputs from ONNX's numpy reference), converted by __fixtures__/onnx-node/make_onnx_node_fixtures.py.
 * They cover peepholes, reverse and bidirectional directions, initial state, sequence_lens and
 * the ONNX gate order (i,o,f,c) through the converter.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFixtureCase, readFixtureCase } from './test-support/fixture-case.js';

const directory = new URL('./__fixtures__/onnx-node/', import.meta.url);
const files = readdirSync(directory).filter((name) => name.endsWith('.json'));

describe('reference executor vs the ONNX backend node tests', () => {
  it('has all 18 cases', () => {
    expect(files.length).toBe(18);
  });

  for (const file of files) {
    const fixture = readFixtureCase(new URL(file, directory));
    it(`${file}: ${fixture.description}`, () => checkFixtureCase(fixture, 1e-5));
  }
});
