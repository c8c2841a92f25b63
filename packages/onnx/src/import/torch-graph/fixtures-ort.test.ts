/**
 * Checks the fixtures themselves, independently of the lifter: onnxruntime runs every recorded
 * .onnx file on the recorded inputs and must reproduce PyTorch's recorded outputs. A fixture that
 * failed this would make the lifter tests meaningless.
 */
import { readFileSync } from 'node:fs';
import { type Tensor, toNumbers } from '@rnnkit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { fixtureUrl, loadCases } from './test-support/fixture-cases.js';

function toOrt(tensor: Tensor): ort.Tensor {
  const dims = [...tensor.shape];
  if (tensor.dtype === 'int64') return new ort.Tensor('int64', tensor.data as BigInt64Array, dims);
  return new ort.Tensor('float32', Float32Array.from(toNumbers(tensor)), dims);
}

describe('torch-export fixtures run on onnxruntime-node as PyTorch recorded them', () => {
  const cases = loadCases();
  // torch 1.13 writes some files onnxruntime refuses (TopK of int64 lengths before opset 11).
  for (const c of cases.filter((c) => typeof c.config.ort_error === 'string')) {
    it(`${c.name} is refused by onnxruntime itself`, async () => {
      await expect(ort.InferenceSession.create(readFileSync(fixtureUrl(c.file)))).rejects.toThrow(
        new RegExp(c.config.ort_error as string),
      );
    });
  }
  for (const c of cases.filter((c) => c.config.ort_error === undefined)) {
    it(c.name, async () => {
      const session = await ort.InferenceSession.create(readFileSync(fixtureUrl(c.file)));
      try {
        const feeds = Object.fromEntries(
          Object.entries(c.inputs).map(([name, t]) => [name, toOrt(t)]),
        );
        const results = await session.run(feeds);
        for (const [name, expected] of Object.entries(c.outputs)) {
          const actual = results[name];
          expect(actual.dims, name).toEqual(expected.shape);
          const e = toNumbers(expected);
          const a = actual.data as Float32Array;
          for (let i = 0; i < e.length; i++)
            expect(Math.abs(a[i] - e[i]), `${name}[${i}]`).toBeLessThanOrEqual(
              1e-5 + 1e-4 * Math.abs(e[i]),
            );
        }
      } finally {
        await session.release();
      }
    });
  }
});
