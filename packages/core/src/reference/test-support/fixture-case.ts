/** Runs a converted fixture case (spec + canonical weights + inputs + expected outputs) on the reference. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ModelSpec } from '../../spec/types.js';
import type { NamedTensors, Tensor } from '../../tensor.js';
import type { Model } from '../../weights/canonical.js';
import { runReference } from '../run-reference.js';

interface JsonTensor {
  dtype?: 'float32' | 'int32';
  shape: number[];
  data: number[];
}

export interface FixtureCase {
  description: string;
  spec: ModelSpec;
  weights: Record<string, JsonTensor>;
  inputs: Record<string, JsonTensor>;
  expected: Record<string, JsonTensor>;
}

export function readFixtureCase(url: URL): FixtureCase {
  return JSON.parse(readFileSync(url, 'utf8')) as FixtureCase;
}

function toTensor(json: JsonTensor): Tensor {
  return json.dtype === 'int32'
    ? { dtype: 'int32', shape: json.shape, data: Int32Array.from(json.data) }
    : { dtype: 'float32', shape: json.shape, data: Float32Array.from(json.data) };
}

/** Max |reference - expected| over every compared value must stay within `tolerance`. */
export function checkFixtureCase(fixture: FixtureCase, tolerance: number): void {
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

  for (const [name, expected] of Object.entries(fixture.expected)) {
    const actual = result.outputs[name];
    expect(actual, name).toBeDefined();
    expect(actual.shape, name).toEqual(expected.shape);
    let compared = 0;
    let worst = 0;
    // Every position, padded steps included: the spec defines them (paddedOutputs).
    for (let i = 0; i < expected.data.length; i++) {
      worst = Math.max(worst, Math.abs(Number(actual.data[i]) - expected.data[i]));
      compared++;
    }
    expect(compared, name).toBeGreaterThan(0);
    expect(worst, `${name}: max |reference - expected|`).toBeLessThanOrEqual(tolerance);
  }
}
