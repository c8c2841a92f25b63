/**
 * State dicts rnnkit wrote, loaded by PyTorch 1.13 with load_state_dict(strict=True) and run there
 * (__fixtures__/make_torch_state_dicts.py, part b). Checks that the committed bytes are what the
 * writer still produces, and that PyTorch's recorded outputs match rnnkit's reference executor.
 *
 * Regenerate (see __fixtures__/README.md): RNNKIT_WRITE_FIXTURES=1 npx vitest run
 * src/rnnkit-written.test.ts, then /usr/bin/python3 src/__fixtures__/make_torch_state_dicts.py.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import {
  compareTensors,
  describeComparison,
  readTensorJson,
  runReference,
  tensorsFromJson,
  writeTensorJson,
} from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { readTorchStateDict } from './read-state-dict.js';
import { rnnkitWrittenCases } from './test-support/rnnkit-written-cases.js';
import { writeTorchStateDict } from './write-state-dict.js';

const directory = new URL('./__fixtures__/rnnkit-written/', import.meta.url);
const WRITE = process.env.RNNKIT_WRITE_FIXTURES === '1';
const TOLERANCE = { atol: 1e-5, rtol: 1e-4 };
const cases = rnnkitWrittenCases();

describe.runIf(WRITE)('writing the rnnkit-written fixtures', () => {
  it('writes state dicts, inputs and reference outputs', () => {
    mkdirSync(directory, { recursive: true });
    for (const { name, model, inputs } of cases) {
      writeFileSync(new URL(`${name}.safetensors`, directory), writeTorchStateDict(model));
      writeFileSync(new URL(`${name}.inputs.json`, directory), `${writeTensorJson(inputs)}\n`);
      const output = runReference(model, inputs).outputs[model.spec.output.name];
      writeFileSync(
        new URL(`${name}.reference.json`, directory),
        `${writeTensorJson({ output })}\n`,
      );
    }
  });
});

describe.skipIf(WRITE)('state dicts written by rnnkit, run by PyTorch', () => {
  for (const { name, model, inputs } of cases) {
    const file = (suffix: string) => new URL(`${name}${suffix}`, directory);

    it(`${name}: the writer still produces the committed bytes`, () => {
      const committed = new Uint8Array(readFileSync(file('.safetensors')));
      expect(Buffer.from(writeTorchStateDict(model)).equals(Buffer.from(committed))).toBe(true);
      expect(readTensorJson(readFileSync(file('.inputs.json'), 'utf8'))).toEqual(inputs);
    });

    it(`${name}: PyTorch's output matches the reference executor`, () => {
      expect(existsSync(file('.torch.json')), 'run make_torch_state_dicts.py').toBe(true);
      const recorded = JSON.parse(readFileSync(file('.torch.json'), 'utf8')) as { output: unknown };
      const expected = tensorsFromJson({ output: recorded.output }).output;
      const actual = runReference(model, inputs).outputs[model.spec.output.name];
      const comparison = compareTensors(actual, expected, TOLERANCE);
      expect(comparison.pass, describeComparison(name, comparison, TOLERANCE)).toBe(true);
    });

    it(`${name}: reading the committed file gives the model back`, () => {
      const read = readTorchStateDict(new Uint8Array(readFileSync(file('.safetensors'))));
      expect(read.spec).toEqual(model.spec);
      expect(read.weights).toEqual(model.weights);
    });
  }
});
