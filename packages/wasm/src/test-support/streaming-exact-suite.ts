/**
 * What rnnkit-wasm promises beyond every backend's session suite: one step per call gives the
 * joined run bit for bit (the same kernels in the same order of operations, whichever build:
 * in the relaxed one every product fuses alike). Run on both builds (session.test.ts and
 * relaxed-simd.relaxed.test.ts).
 */
import type { RunResult } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { streamingModel } from '../../../onnx/src/runtime/test-support/backend-session-suite.js';
import { sliceTime } from '../../../onnx/src/runtime/test-support/models.js';
import type { WasmBackend } from '../create-wasm-backend.js';

export function describeStreamingExact(label: string, createBackend: () => WasmBackend): void {
  describe(`${label}: streaming one step at a time`, () => {
    it('one step per call over the whole sequence gives the joined run exactly', async () => {
      const { model, x } = streamingModel();
      const session = await createBackend().load(model);
      try {
        const whole = await session.run({ x });
        let state: RunResult['state'] | undefined;
        let last: RunResult | undefined;
        for (let t = 0; t < 9; t++) {
          last = await session.run({ x: sliceTime(x, t, t + 1) }, state ? { state } : {});
          state = last.state;
        }
        // Same kernels, same order of operations: bit-identical, not merely close.
        expect([...(last!.state.l2.h.data as Float32Array)]).toEqual([
          ...(whole.state.l2.h.data as Float32Array),
        ]);
      } finally {
        await session.dispose();
      }
    });
  });
}
