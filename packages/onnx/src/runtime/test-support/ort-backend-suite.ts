/**
 * The runner's behaviour on a real ORT build: every Backend's session suite (matrix against the
 * float64 reference executor, streaming, bad input, dispose; backend-session-suite.ts) plus what
 * ONNX cannot express and the runner must refuse. Both ORT packages run it with their own backend.
 */
import type { Backend, BackendId } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { describeBackendSession, expectRnnkitError } from './backend-session-suite.js';
import { featureSpec, randomModel, tokenSpec } from './models.js';

export function describeOrtBackend(backendId: BackendId, createBackend: () => Backend): void {
  describeBackendSession(backendId, createBackend);

  describe(`${backendId}: what ONNX cannot express is refused`, () => {
    it('refuses a recurrent activation ONNX cannot express, at load and in supports()', async () => {
      const spec = featureSpec(3, [
        { type: 'simpleRnn', name: 'rnn', units: 2, activation: 'exponential' },
      ]);
      const model = randomModel(spec, 5);
      const backend = createBackend();
      expect(backend.supports(model).supported).toBe(false);
      const error = await expectRnnkitError(backend.load(model), 'UNSUPPORTED_FEATURE');
      expect(error.backend).toBe(backendId);
      expect(error.message).toMatch(/exponential/);
    });

    it('refuses maskZero padding inside a sequence (ONNX only has post-padding)', async () => {
      const spec = tokenSpec(
        10,
        4,
        [{ type: 'gru', name: 'rnn', units: 3, resetAfter: true }],
        true,
      );
      const session = await createBackend().load(randomModel(spec, 6));
      try {
        const tokens = {
          dtype: 'int32',
          shape: [2, 4],
          data: Int32Array.from([1, 2, 3, 0, 0, 4, 5, 0]),
        } as const;
        const error = await expectRnnkitError(session.run({ tokens }), 'UNSUPPORTED_FEATURE');
        expect(error.message).toMatch(/example 1/);
        // Post-padded tokens in the same session still run.
        await session.run({
          tokens: { ...tokens, data: Int32Array.from([1, 2, 3, 0, 4, 5, 0, 0]) },
        });
      } finally {
        await session.dispose();
      }
    });

    it('refuses an all-padding maskZero example with a non-zero initial state (ORT zeroes it)', async () => {
      const spec = tokenSpec(
        10,
        4,
        [{ type: 'gru', name: 'rnn', units: 2, resetAfter: true }],
        true,
      );
      const session = await createBackend().load(randomModel(spec, 12));
      try {
        const tokens = {
          dtype: 'int32',
          shape: [2, 2],
          data: Int32Array.from([1, 2, 0, 0]),
        } as const;
        const h = {
          dtype: 'float32',
          shape: [1, 2, 2],
          data: Float32Array.from([0.5, 0.5, 0, 0]),
        } as const;
        await session.run({ tokens }, { state: { rnn: { h } } });
        const nonZero = { ...h, data: Float32Array.from([0, 0, 0.5, 0]) };
        const error = await expectRnnkitError(
          session.run({ tokens }, { state: { rnn: { h: nonZero } } }),
          'UNSUPPORTED_FEATURE',
        );
        expect(error.message).toMatch(/example 1/);
      } finally {
        await session.dispose();
      }
    });
  });
}
