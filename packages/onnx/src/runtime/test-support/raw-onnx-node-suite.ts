/**
 * The ONNX backend node cases run as they are (one RNN/LSTM/GRU node each) through the runner's
 * session layer, against ONNX's recorded outputs: proves the ORT build and execution provider
 * compute these operators, and that ORT's refusals arrive as RnnkitErrors.
 */
import { type BackendId, RnnkitError, type Tensor } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import type { OrtModule, OrtSessionOptions, OrtTensor } from '../ort-module.js';
import { createOrtSession } from '../ort-session.js';
import { expectClose } from './compare.js';
import { loadOnnxNodeCases } from './onnx-node-cases.js';

function toOrt(ort: OrtModule, tensor: Tensor): OrtTensor {
  return new ort.Tensor(tensor.dtype as 'float32', tensor.data as Float32Array, tensor.shape);
}

export function describeRawOnnxNodeCases(
  backend: BackendId,
  loadOrt: () => Promise<OrtModule>,
  sessionOptions: OrtSessionOptions,
  fixtureDirectory: string,
): void {
  const cases = loadOnnxNodeCases(fixtureDirectory);
  describe(`${backend}: ONNX node cases run directly`, () => {
    it('has the 18 cases', () => expect(cases).toHaveLength(18));
    for (const testCase of cases) {
      // ORT's CPU kernels (native and wasm) reject layout=1; the exporter never emits it.
      const batchwise = testCase.name.endsWith('_batchwise');
      it(`${testCase.name}${batchwise ? ' is refused (layout=1)' : ''}`, async () => {
        const ort = await loadOrt();
        if (batchwise) {
          const error = await createOrtSession(ort, testCase.model, sessionOptions, backend).catch(
            (e) => e,
          );
          expect(RnnkitError.isInstance(error)).toBe(true);
          expect(error.code).toBe('MODEL_FORMAT');
          expect(error.message).toMatch(/layout/i);
          return;
        }
        const session = await createOrtSession(ort, testCase.model, sessionOptions, backend);
        try {
          const feeds = Object.fromEntries(
            testCase.inputs.map((input) => [input.name, toOrt(ort, input.tensor)]),
          );
          const results = await session.run(feeds);
          for (const output of testCase.outputs) {
            const actual = results[output.name];
            expectClose(
              { dtype: 'float32', shape: actual.dims, data: actual.data as Float32Array },
              output.tensor,
              backend,
              `${testCase.name} ${output.name}`,
            );
          }
        } finally {
          await session.release();
        }
      });
    }
  });

  describe(`${backend}: bad model bytes`, () => {
    const garbage: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['text', new TextEncoder().encode('this is not an onnx model at all')],
      ['random bytes', Uint8Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)],
      ['a truncated model', cases[1].model.subarray(0, Math.floor(cases[1].model.length / 2))],
    ];
    for (const [label, bytes] of garbage) {
      it(`refuses ${label} with MODEL_FORMAT`, async () => {
        const ort = await loadOrt();
        const error = await createOrtSession(ort, bytes, sessionOptions, backend).catch((e) => e);
        expect(RnnkitError.isInstance(error), String(error)).toBe(true);
        expect(error.code).toBe('MODEL_FORMAT');
      });
    }
  });
}
