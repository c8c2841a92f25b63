/** Test-only: reads tensor-JSON-like fixtures beside the tests. */
import { readFileSync } from 'node:fs';
import type { Tensor } from '@rnnkit/core';

interface JsonTensor {
  dtype: 'float32';
  shape: number[];
  data: number[];
}

export function readFixture(relativePath: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(new URL(`../__fixtures__/${relativePath}`, import.meta.url), 'utf8'),
  );
}

export function toTensor(json: JsonTensor): Tensor<'float32'> {
  return { dtype: 'float32', shape: json.shape, data: Float32Array.from(json.data) };
}

export function toTensors(json: Record<string, JsonTensor>): Record<string, Tensor<'float32'>> {
  return Object.fromEntries(Object.entries(json).map(([name, t]) => [name, toTensor(t)]));
}
