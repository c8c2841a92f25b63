/**
 * The reference executor against PyTorch 1.13 (float32) on random-weight modules converted to
 * canonical weights by __fixtures__/torch/make_torch_fixtures.py. Agreement to 1e-5 checks both
 * the maths and the gate-order / transpose / bias conventions the converters rely on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../spec/types.js';
import type { NamedTensors, Tensor } from '../tensor.js';
import type { Model } from '../weights/canonical.js';
import { runReference } from './run-reference.js';

interface JsonTensor {
  dtype?: 'float32' | 'int32';
  shape: number[];
  data: number[];
}

interface TorchCase {
  description: string;
  spec: ModelSpec;
  weights: Record<string, JsonTensor>;
  inputs: Record<string, JsonTensor>;
  expected: Record<string, JsonTensor>;
}

const directory = new URL('./__fixtures__/torch/', import.meta.url);
const files = readdirSync(directory).filter((name) => name.endsWith('.json'));

function toTensor(json: JsonTensor): Tensor {
  return json.dtype === 'int32'
    ? { dtype: 'int32', shape: json.shape, data: Int32Array.from(json.data) }
    : { dtype: 'float32', shape: json.shape, data: Float32Array.from(json.data) };
}

const TOLERANCE = 1e-5;

describe('reference executor vs PyTorch', () => {
  it('has the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of files) {
    const fixture = JSON.parse(readFileSync(new URL(file, directory), 'utf8')) as TorchCase;
    it(`${file}: ${fixture.description}`, () => {
      const model: Model = {
        spec: fixture.spec,
        weights: new Map(
          Object.entries(fixture.weights).map(([name, w]) => [
            name,
            { shape: w.shape, data: Float32Array.from(w.data) },
          ]),
        ),
      };
      const inputs: NamedTensors = Object.fromEntries(
        Object.entries(fixture.inputs).map(([name, t]) => [name, toTensor(t)]),
      );
      const result = runReference(model, inputs);
      const lengths = fixture.inputs.lengths?.data;

      for (const [name, expected] of Object.entries(fixture.expected)) {
        const actual = result.outputs[name];
        expect(actual, name).toBeDefined();
        expect(actual.shape, name).toEqual(expected.shape);
        const [batch, time] = expected.shape;
        let compared = 0;
        let worst = 0;
        for (let i = 0; i < expected.data.length; i++) {
          // Sequence outputs past an example's length are undefined: not compared.
          if (lengths && name === fixture.spec.output.name && expected.shape.length === 3) {
            const row = Math.floor(i / expected.shape[2]);
            const b = Math.floor(row / time);
            const t = row % time;
            if (b < batch && t >= lengths[b]) continue;
          }
          worst = Math.max(worst, Math.abs(Number(actual.data[i]) - expected.data[i]));
          compared++;
        }
        expect(compared, name).toBeGreaterThan(0);
        expect(worst, `${name}: max |reference - torch|`).toBeLessThanOrEqual(TOLERANCE);
      }
    });
  }
});
