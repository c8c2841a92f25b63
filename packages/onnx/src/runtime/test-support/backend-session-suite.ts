/**
 * What every spec-complete Backend's session must do, compared with the float64 reference
 * executor: the matrix of hand-built models (with run options and initial states), streaming
 * equal to one joined run, the same error codes for bad models, inputs and state, and dispose.
 * The ORT backends (ort-backend-suite.ts adds what ONNX refuses) and rnnkit-wasm run it.
 */
import {
  type Backend,
  type BackendId,
  createReferenceBackend,
  type NamedTensors,
  RnnkitError,
  type RunResult,
  type Session,
} from '@rnnkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from './compare.js';
import { matrixCases } from './matrix-cases.js';
import { featureSpec, randomFeatures, randomModel, sliceTime, tokenSpec } from './models.js';

export function expectMatchesReference(
  actual: RunResult,
  expected: RunResult,
  backend: BackendId,
): void {
  // Every position, padded steps included (the spec's paddedOutputs defines them).
  for (const [name, tensor] of Object.entries(expected.outputs)) {
    const mine = actual.outputs[name];
    expect(mine, `output ${name}`).toBeDefined();
    expect(mine.dtype).toBe('float32');
    expectClose(mine, tensor, backend, `output ${name}`);
  }
  for (const [layer, state] of Object.entries(expected.state)) {
    expectClose(actual.state[layer].h, state.h, backend, `state ${layer}.h`);
    if (state.c) expectClose(actual.state[layer].c!, state.c, backend, `state ${layer}.c`);
  }
  expect(Object.keys(actual.state).sort()).toEqual(Object.keys(expected.state).sort());
}

export async function expectRnnkitError(
  promise: Promise<unknown>,
  code: string,
): Promise<RnnkitError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(RnnkitError.isInstance(error), `expected RnnkitError ${code}, got ${String(error)}`).toBe(
    true,
  );
  expect((error as RnnkitError).code, (error as RnnkitError).message).toBe(code);
  return error as RnnkitError;
}

/** The three-layer model the streaming tests run (a caller's own streaming checks reuse it). */
export function streamingModel() {
  const spec = featureSpec(3, [
    { type: 'lstm', name: 'l1', units: 4, returnSequences: true, peepholes: true },
    { type: 'gru', name: 'l2', units: 3, resetAfter: true, returnSequences: true },
    { type: 'simpleRnn', name: 'l3', units: 2, returnSequences: true },
  ]);
  return { model: randomModel(spec, 77), x: randomFeatures([2, 9, 3], 78) };
}

export function describeBackendSession(backendId: BackendId, createBackend: () => Backend): void {
  const reference = createReferenceBackend();

  describe(`${backendId}: matrix against the reference executor`, () => {
    let seed = 1;
    for (const testCase of matrixCases()) {
      const modelSeed = seed++;
      it(testCase.name, async () => {
        const backend = createBackend();
        const model = randomModel(testCase.spec, modelSeed);
        const session = await backend.load(model);
        const expectedSession = await reference.load(model);
        try {
          const actual = await session.run(testCase.inputs, testCase.options);
          const expected = await expectedSession.run(testCase.inputs, testCase.options);
          expectMatchesReference(actual, expected, backendId);
        } finally {
          await session.dispose();
        }
      });
    }
  });

  describe(`${backendId}: streaming`, () => {
    const { model, x } = streamingModel();
    let session: Session;
    beforeAll(async () => {
      session = await createBackend().load(model);
    });
    afterAll(() => session.dispose());

    it('run(x1) then run(x2, { state }) equals run(x1 ++ x2), and the reference', async () => {
      const whole = await session.run({ x });
      const first = await session.run({ x: sliceTime(x, 0, 4) });
      const second = await session.run({ x: sliceTime(x, 4, 7) }, { state: first.state });
      const third = await session.run({ x: sliceTime(x, 7, 9) }, { state: second.state });
      for (const layer of ['l1', 'l2', 'l3']) {
        expectClose(third.state[layer].h, whole.state[layer].h, backendId, `${layer}.h`);
      }
      expectClose(third.state.l1.c!, whole.state.l1.c!, backendId, 'l1.c');
      // The last chunk's outputs are the whole run's last two steps.
      expectClose(third.outputs.y, sliceTime(whole.outputs.y as never, 7, 9), backendId, 'y[7:9]');
      const expected = await (await reference.load(model)).run({ x });
      expectMatchesReference(whole, expected, backendId);
    });

    it('accepts a float64 state (the reference executor gives one)', async () => {
      const referenceRun = await (await reference.load(model)).run({ x: sliceTime(x, 0, 4) });
      const next = await session.run({ x: sliceTime(x, 4, 9) }, { state: referenceRun.state });
      const whole = await session.run({ x });
      expectClose(next.state.l3.h, whole.state.l3.h, backendId, 'l3.h');
    });

    it('reuses one session across batch sizes and lengths', async () => {
      for (const [batch, time] of [
        [1, 1],
        [4, 2],
        [2, 11],
        [5, 3],
      ]) {
        const input = randomFeatures([batch, time, 3], batch * 100 + time);
        const result = await session.run({ x: input });
        expect(result.outputs.y.shape).toEqual([batch, time, 2]);
        const expected = await (await reference.load(model)).run({ x: input });
        expectMatchesReference(result, expected, backendId);
      }
    });
  });

  describe(`${backendId}: bad models, inputs and state`, () => {
    it('refuses a selectStep index the run has no step for', async () => {
      const spec = featureSpec(2, [
        { type: 'gru', name: 'rnn', units: 3, resetAfter: true, returnSequences: true },
        { type: 'selectStep', name: 'step', index: -3 },
      ]);
      const session = await createBackend().load(randomModel(spec, 6));
      try {
        const x = (time: number) =>
          ({
            dtype: 'float32',
            shape: [1, time, 2],
            data: new Float32Array(time * 2).fill(0.5),
          }) as const;
        const error = await expectRnnkitError(session.run({ x: x(2) }), 'INVALID_INPUT');
        expect(error.message).toMatch(/selects step -3/);
        expect((await session.run({ x: x(3) })).outputs.y.shape).toEqual([1, 3]);
      } finally {
        await session.dispose();
      }
    });

    it('refuses invalid models with the core validator codes', async () => {
      const spec = featureSpec(3, [{ type: 'lstm', name: 'rnn', units: 2 }]);
      const model = randomModel(spec, 7);
      model.weights.delete('rnn/recurrentKernel');
      await expectRnnkitError(createBackend().load(model), 'INVALID_WEIGHTS');
      const broken = {
        spec: { ...spec, formatVersion: 2 },
        weights: randomModel(spec, 7).weights,
      } as never;
      await expectRnnkitError(createBackend().load(broken), 'INVALID_SPEC');
    });

    describe('run inputs', () => {
      const spec = tokenSpec(10, 4, [{ type: 'lstm', name: 'rnn', units: 3 }]);
      let session: Session;
      beforeAll(async () => {
        session = await createBackend().load(randomModel(spec, 8));
      });
      afterAll(() => session.dispose());

      const bad: [string, NamedTensors][] = [
        [
          'a float token tensor',
          { tokens: { dtype: 'float32', shape: [1, 3], data: Float32Array.from([1, 2, 3]) } },
        ],
        [
          'a rank-3 token tensor',
          { tokens: { dtype: 'int32', shape: [1, 3, 1], data: Int32Array.from([1, 2, 3]) } },
        ],
        [
          'data shorter than its shape',
          { tokens: { dtype: 'int32', shape: [2, 3], data: Int32Array.from([1, 2, 3]) } },
        ],
        [
          'a token id outside the vocabulary',
          { tokens: { dtype: 'int32', shape: [1, 3], data: Int32Array.from([1, 10, 3]) } },
        ],
        [
          'a negative token id',
          { tokens: { dtype: 'int32', shape: [1, 3], data: Int32Array.from([1, -1, 3]) } },
        ],
        ['zero time steps', { tokens: { dtype: 'int32', shape: [1, 0], data: new Int32Array(0) } }],
        [
          'an unknown extra input',
          {
            tokens: { dtype: 'int32', shape: [1, 1], data: Int32Array.from([1]) },
            extra: { dtype: 'int32', shape: [1], data: Int32Array.from([1]) },
          },
        ],
      ];
      for (const [label, inputs] of bad) {
        it(`refuses ${label} with INVALID_INPUT`, async () => {
          await expectRnnkitError(session.run(inputs), 'INVALID_INPUT');
        });
      }

      it('refuses a state of the wrong shape with INVALID_STATE', async () => {
        const tokens = {
          dtype: 'int32',
          shape: [2, 3],
          data: Int32Array.from([1, 2, 3, 4, 5, 6]),
        } as const;
        const wrong = { dtype: 'float32', shape: [1, 1, 3], data: new Float32Array(3) } as const;
        await expectRnnkitError(
          session.run({ tokens }, { state: { rnn: { h: wrong, c: wrong } } }),
          'INVALID_STATE',
        );
      });

      it('still runs after refusing bad input', async () => {
        const result = await session.run({
          tokens: { dtype: 'int32', shape: [1, 2], data: Int32Array.from([1, 2]) },
        });
        expect(result.outputs.y.shape).toEqual([1, 3]);
      });
    });
  });

  describe(`${backendId}: dispose`, () => {
    const spec = featureSpec(3, [{ type: 'gru', name: 'rnn', units: 3, resetAfter: false }]);

    it('runs after dispose fail with DISPOSED; dispose twice is fine', async () => {
      const session = await createBackend().load(randomModel(spec, 9));
      await session.run({ x: randomFeatures([1, 2, 3], 1) });
      await session.dispose();
      await session.dispose();
      await expectRnnkitError(session.run({ x: randomFeatures([1, 2, 3], 1) }), 'DISPOSED');
    });

    it('runs called before dispose complete; dispose waits for them', async () => {
      const session = await createBackend().load(randomModel(spec, 10));
      const started = session.run({ x: randomFeatures([2, 50, 3], 2) });
      const queued = session.run({ x: randomFeatures([2, 50, 3], 3) });
      const disposing = session.dispose();
      const results = await Promise.allSettled([started, queued, disposing]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      await expectRnnkitError(session.run({ x: randomFeatures([1, 2, 3], 1) }), 'DISPOSED');
    });

    it('concurrent token runs of different sizes, one of them refused, match sequential runs', async () => {
      // A runner that copies checked ids into one buffer it reuses must not let queued runs share it.
      const tokenModel = randomModel(
        tokenSpec(12, 3, [
          { type: 'gru', name: 'rnn', units: 4, resetAfter: true, returnSequences: true },
        ]),
        12,
      );
      const session = await createBackend().load(tokenModel);
      try {
        const ids = (batch: number, time: number, seed: number): NamedTensors => {
          const data = Int32Array.from({ length: batch * time }, (_, i) => (i * 7 + seed) % 12);
          return { tokens: { dtype: 'int32', shape: [batch, time], data } };
        };
        const inputs = [ids(2, 5, 1), ids(1, 9, 2), ids(3, 2, 3)];
        // The refused run waits in the queue behind the first and must not hold up the rest.
        const first = session.run(inputs[0]);
        const refused = expectRnnkitError(
          session.run({ tokens: { dtype: 'int32', shape: [1, 2], data: Int32Array.of(1, 12) } }),
          'INVALID_INPUT',
        );
        const together = await Promise.all([first, ...inputs.slice(1).map((x) => session.run(x))]);
        await refused;
        for (let i = 0; i < inputs.length; i++) {
          const alone = await session.run(inputs[i]);
          expect([...(together[i].outputs.y.data as Float32Array)]).toEqual([
            ...(alone.outputs.y.data as Float32Array),
          ]);
        }
      } finally {
        await session.dispose();
      }
    });

    it('concurrent runs on one session give the same answers as sequential runs', async () => {
      const session = await createBackend().load(randomModel(spec, 11));
      try {
        const inputs = [1, 2, 3, 4].map((s) => randomFeatures([2, 5, 3], s));
        const together = await Promise.all(inputs.map((x) => session.run({ x })));
        for (let i = 0; i < inputs.length; i++) {
          const alone = await session.run({ x: inputs[i] });
          expect([...(together[i].outputs.y.data as Float32Array)]).toEqual([
            ...(alone.outputs.y.data as Float32Array),
          ]);
        }
      } finally {
        await session.dispose();
      }
    });
  });
}
