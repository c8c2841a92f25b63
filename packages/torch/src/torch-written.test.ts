/**
 * State dicts PyTorch 1.13 wrote (__fixtures__/make_torch_state_dicts.py, part a), read with
 * rnnkit and run on the float64 reference executor: the outputs must match PyTorch's own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import {
  compareTensors,
  createReferenceBackend,
  decodeSafetensors,
  describeComparison,
  tensorsFromJson,
} from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { inferModuleDescription } from './infer-modules.js';
import type { ModuleDescription } from './module-description.js';
import { readTorchStateDict } from './read-state-dict.js';

const directory = new URL('./__fixtures__/torch-written/', import.meta.url);
const cases = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.slice(0, -'.json'.length));
const TOLERANCE = { atol: 1e-5, rtol: 1e-4 };

interface TorchCase {
  description: string;
  dtype: string;
  modules: ModuleDescription | null;
  inputs: unknown;
  expected: unknown;
}

function load(name: string): { fixture: TorchCase; bytes: Uint8Array } {
  const fixture = JSON.parse(readFileSync(new URL(`${name}.json`, directory), 'utf8')) as TorchCase;
  const bytes = new Uint8Array(readFileSync(new URL(`${name}.safetensors`, directory)));
  return { fixture, bytes };
}

describe('state dicts written by PyTorch', () => {
  it('has the fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });

  for (const name of cases) {
    const { fixture, bytes } = load(name);
    it(`${name}: reference executor matches PyTorch (${fixture.description})`, async () => {
      const model = readTorchStateDict(bytes, fixture.modules ? { modules: fixture.modules } : {});
      const session = await createReferenceBackend().load(model);
      const result = await session.run(tensorsFromJson(fixture.inputs));
      const expected = tensorsFromJson(fixture.expected).output;
      const actual = result.outputs[model.spec.output.name];
      const comparison = compareTensors(actual, expected, TOLERANCE);
      expect(comparison.pass, describeComparison(name, comparison, TOLERANCE)).toBe(true);
    });

    it(`${name}: inference finds the structure the description gives`, () => {
      const inferred = inferModuleDescription(decodeSafetensors(bytes).tensors);
      if (!fixture.modules) {
        expect(inferred.ambiguities).toEqual([]);
        return;
      }
      const structure = (modules: ModuleDescription['modules']) =>
        modules.map((m) => (m.kind === 'dropout' ? m.kind : `${m.kind}:${m.prefix}`));
      expect(structure(inferred.description.modules)).toEqual(structure(fixture.modules.modules));
      for (const [index, module] of fixture.modules.modules.entries()) {
        const found = inferred.description.modules[index] as unknown as Record<string, unknown>;
        for (const key of ['numLayers', 'bidirectional'] as const) {
          if (key in module)
            expect(found[key], `${name} modules[${index}].${key}`).toEqual(
              (module as unknown as Record<string, unknown>)[key],
            );
        }
      }
    });
  }

  it('reads a bare module state dict without a description', () => {
    const { bytes } = load('bare_gru');
    const model = readTorchStateDict(bytes);
    expect(model.spec.input).toEqual({ name: 'input', type: 'features', size: 3 });
    expect(model.spec.layers).toEqual([
      {
        type: 'gru',
        name: 'gru',
        units: 5,
        recurrentBias: true,
        resetAfter: true,
        returnSequences: true,
      },
    ]);
  });

  it('covers an F64 state dict (read as float32)', () => {
    const { fixture, bytes } = load('bidirectional_no_bias');
    expect(fixture.dtype).toBe('F64');
    expect([...decodeSafetensors(bytes).tensors.values()].every((t) => t.dtype === 'F64')).toBe(
      true,
    );
  });
});
