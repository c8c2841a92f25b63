/**
 * The reference executor against PyTorch 1.13 (float32) on random-weight modules converted to
 * canonical weights by __fixtures__/torch/make_torch_fixtures.py. Agreement to 1e-5 checks both
 * the maths and the gate-order / transpose / bias conventions the converters rely on.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFixtureCase, readFixtureCase } from './test-support/fixture-case.js';

const directory = new URL('./__fixtures__/torch/', import.meta.url);
const files = readdirSync(directory).filter((name) => name.endsWith('.json'));

describe('reference executor vs PyTorch', () => {
  it('has the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of files) {
    const fixture = readFixtureCase(new URL(file, directory));
    it(`${file}: ${fixture.description}`, () => checkFixtureCase(fixture, 1e-5));
  }
});
