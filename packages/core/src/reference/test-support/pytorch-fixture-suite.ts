/**
 * A backend against the PyTorch fixtures committed in core (__fixtures__/torch, written by
 * make_torch_fixtures.py from PyTorch 1.13): every output PyTorch recorded, every position,
 * under core's tolerance table for the backend. The fixtures stay where they were written; the
 * backends' tests (tfjs, rnnkit-wasm) read them through this suite.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../backend.js';
import { compareRunResult } from '../../conformance/compare-run-result.js';
import type { ModelSpec } from '../../spec/types.js';
import { tensorsFromJson } from '../../tensor-json/read-tensor-json.js';

const TORCH = new URL('../__fixtures__/torch/', import.meta.url);

interface TorchFixture {
  spec: ModelSpec;
  weights: Record<string, { shape: number[]; data: number[] }>;
  inputs: unknown;
  expected: unknown;
}

export function describePytorchFixtureCases(backend: Backend): void {
  const files = readdirSync(TORCH).filter((name) => name.endsWith('.json'));

  describe(`${backend.id}: PyTorch fixtures`, () => {
    it('has the PyTorch fixtures', () => {
      expect(files.length).toBeGreaterThanOrEqual(10);
    });

    for (const file of files) {
      it(`PyTorch ${file}`, async () => {
        const fixture = JSON.parse(readFileSync(new URL(file, TORCH), 'utf8')) as TorchFixture;
        const weights = new Map(
          Object.entries(fixture.weights).map(([key, w]) => [
            key,
            { shape: w.shape, data: Float32Array.from(w.data) },
          ]),
        );
        const model = { spec: fixture.spec, weights };
        const inputs = tensorsFromJson(fixture.inputs);
        const session = await backend.load(model);
        try {
          const result = await session.run(inputs);
          const comparison = compareRunResult(
            {
              id: file,
              description: file,
              model,
              inputs,
              expected: tensorsFromJson(fixture.expected),
              source: 'pytorch',
            },
            result,
            backend.id,
          );
          const failed = comparison.results.filter((r) => !r.comparison.pass);
          expect(failed.map((r) => `${r.name}: ${r.comparison.maxAbsError}`)).toEqual([]);
        } finally {
          await session.dispose();
        }
      });
    }
  });
}
