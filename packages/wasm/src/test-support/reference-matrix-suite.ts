/**
 * rnnkit-wasm against core's float64 reference executor over the spec matrix the tfjs backends
 * run (every layer type and direction, merge modes, stacking, lengths, maskZero, state,
 * peepholes, resetAfter both ways, every activation), each case with Keras-initialised and
 * uniform weights. Tolerance: core's table; every position compared, padded steps included
 * (each layer's paddedOutputs defines them). Shared by the SIMD128 run (reference-matrix.test.ts)
 * and the relaxed-SIMD run (relaxed-simd.relaxed.test.ts): each build against the reference,
 * never one build against the other (FMA rounds differently).
 */
import { createReferenceBackend, toleranceFor } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { expectRunClose } from '../../../tfjs/src/test-support/compare.js';
import { MATRIX } from '../../../tfjs/src/test-support/matrix.js';
import {
  kerasInitialisedModel,
  seededModel,
} from '../../../tfjs/src/test-support/seeded-weights.js';
import type { KernelVariant } from '../engine/kernels.js';
import { createWasmBackend } from '../index.js';

export function describeReferenceMatrix(variant: KernelVariant): void {
  const reference = createReferenceBackend();
  describe(`rnnkit-wasm (${variant} build) matches the reference`, () => {
    const backend = createWasmBackend({ simd: variant });
    const tolerance = toleranceFor(backend.id);
    MATRIX.forEach((testCase, index) => {
      it(testCase.name, async () => {
        const models = [
          ...(testCase.uniformWeightsOnly ? [] : [kerasInitialisedModel(testCase.spec, index)]),
          seededModel(testCase.spec, index, testCase.scale),
        ];
        for (const model of models) {
          const expected = await (await reference.load(model)).run(testCase.inputs);
          const session = await backend.load(model);
          try {
            expect(session.kernelVariant).toBe(variant);
            // Every position, padded steps included (paddedOutputs defines them).
            expectRunClose(await session.run(testCase.inputs), expected, tolerance);
          } finally {
            await session.dispose();
          }
        }
      });
    });
  });
}
