/**
 * rnnkit-wasm as a Backend: the matrix the ORT backends are compared on (with run options and
 * initial states), streaming equal to one joined run, the same errors as every other backend for
 * bad models, inputs and state, and dispose.
 */
import {
  createReferenceBackend,
  type NamedTensors,
  RnnkitError,
  type RunResult,
  type Session,
} from '@rnnkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from '../../onnx/src/runtime/test-support/compare.js';
import { matrixCases } from '../../onnx/src/runtime/test-support/matrix-cases.js';
import {
  featureSpec,
  randomFeatures,
  randomModel,
  sliceTime,
  tokenSpec,
} from '../../onnx/src/runtime/test-support/models.js';
import { createWasmBackend } from './index.js';

const ID = 'rnnkit-wasm';
const reference = createReferenceBackend();

function expectMatchesReference(actual: RunResult, expected: RunResult) {
  // Every position, padded steps included: paddedOutputs defines what they hold.
  for (const [name, tensor] of Object.entries(expected.outputs)) {
    const mine = actual.outputs[name];
    expect(mine, `output ${name}`).toBeDefined();
    expect(mine.dtype).toBe('float32');
    expectClose(mine, tensor, ID, `output ${name}`);
  }
  for (const [layer, state] of Object.entries(expected.state)) {
    expectClose(actual.state[layer].h, state.h, ID, `state ${layer}.h`);
    if (state.c) expectClose(actual.state[layer].c!, state.c, ID, `state ${layer}.c`);
  }
  expect(Object.keys(actual.state).sort()).toEqual(Object.keys(expected.state).sort());
}

async function expectRnnkitError(promise: Promise<unknown>, code: string): Promise<RnnkitError> {
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

describe('rnnkit-wasm: the ORT matrix against the reference executor', () => {
  let seed = 1;
  for (const testCase of matrixCases()) {
    const modelSeed = seed++;
    it(testCase.name, async () => {
      const model = randomModel(testCase.spec, modelSeed);
      const session = await createWasmBackend().load(model);
      try {
        const actual = await session.run(testCase.inputs, testCase.options);
        const expected = await (await reference.load(model)).run(testCase.inputs, testCase.options);
        expectMatchesReference(actual, expected);
      } finally {
        await session.dispose();
      }
    });
  }
});

describe('rnnkit-wasm: streaming', () => {
  const spec = featureSpec(3, [
    { type: 'lstm', name: 'l1', units: 4, returnSequences: true, peepholes: true },
    { type: 'gru', name: 'l2', units: 3, resetAfter: true, returnSequences: true },
    { type: 'simpleRnn', name: 'l3', units: 2, returnSequences: true },
  ]);
  const model = randomModel(spec, 77);
  const x = randomFeatures([2, 9, 3], 78);
  let session: Session;
  beforeAll(async () => {
    session = await createWasmBackend().load(model);
  });
  afterAll(() => session.dispose());

  it('run(x1) then run(x2, { state }) equals run(x1 ++ x2), and the reference', async () => {
    const whole = await session.run({ x });
    const first = await session.run({ x: sliceTime(x, 0, 4) });
    const second = await session.run({ x: sliceTime(x, 4, 7) }, { state: first.state });
    const third = await session.run({ x: sliceTime(x, 7, 9) }, { state: second.state });
    for (const layer of ['l1', 'l2', 'l3']) {
      expectClose(third.state[layer].h, whole.state[layer].h, ID, `${layer}.h`);
    }
    expectClose(third.state.l1.c!, whole.state.l1.c!, ID, 'l1.c');
    expectClose(third.outputs.y, sliceTime(whole.outputs.y as never, 7, 9), ID, 'y[7:9]');
    expectMatchesReference(whole, await (await reference.load(model)).run({ x }));
  });

  it('one step per call over the whole sequence gives the joined run exactly', async () => {
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
  });

  it('accepts a float64 state (the reference executor gives one)', async () => {
    const referenceRun = await (await reference.load(model)).run({ x: sliceTime(x, 0, 4) });
    const next = await session.run({ x: sliceTime(x, 4, 9) }, { state: referenceRun.state });
    const whole = await session.run({ x });
    expectClose(next.state.l3.h, whole.state.l3.h, ID, 'l3.h');
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
      expectMatchesReference(result, await (await reference.load(model)).run({ x: input }));
    }
  });
});

describe('rnnkit-wasm: bad models, inputs and state', () => {
  it('supports every valid spec, including what ONNX cannot express', async () => {
    const spec = featureSpec(3, [
      { type: 'simpleRnn', name: 'rnn', units: 2, activation: 'exponential' },
    ]);
    const model = randomModel(spec, 5);
    expect(createWasmBackend().supports(model).supported).toBe(true);
    const session = await createWasmBackend().load(model);
    const x = randomFeatures([2, 3, 3], 1);
    expectMatchesReference(
      await session.run({ x }),
      await (await reference.load(model)).run({ x }),
    );
  });

  it('computes maskZero padding inside a sequence and all-padding examples with a state', async () => {
    const spec = tokenSpec(10, 4, [{ type: 'gru', name: 'rnn', units: 3, resetAfter: true }], true);
    const model = randomModel(spec, 6);
    const session = await createWasmBackend().load(model);
    const tokens = {
      dtype: 'int32',
      shape: [3, 4],
      data: Int32Array.from([1, 2, 3, 0, 0, 4, 5, 0, 0, 0, 0, 0]),
    } as const;
    const h = {
      dtype: 'float32',
      shape: [1, 3, 3],
      data: Float32Array.from([0.1, 0.2, 0.3, -0.5, 0.5, 0, 0.9, -0.9, 0.4]),
    } as const;
    const options = { state: { rnn: { h } } };
    const actual = await session.run({ tokens }, options);
    expectMatchesReference(actual, await (await reference.load(model)).run({ tokens }, options));
    // The all-padding example keeps its initial state.
    expect([...(actual.state.rnn.h.data as Float32Array).slice(6)]).toEqual([...h.data.slice(6)]);
  });

  it('refuses invalid models with the core validator codes', async () => {
    const spec = featureSpec(3, [{ type: 'lstm', name: 'rnn', units: 2 }]);
    const model = randomModel(spec, 7);
    model.weights.delete('rnn/recurrentKernel');
    await expectRnnkitError(createWasmBackend().load(model), 'INVALID_WEIGHTS');
    const broken = {
      spec: { ...spec, formatVersion: 2 },
      weights: randomModel(spec, 7).weights,
    } as never;
    await expectRnnkitError(createWasmBackend().load(broken), 'INVALID_SPEC');
  });

  describe('run inputs', () => {
    const spec = tokenSpec(10, 4, [{ type: 'lstm', name: 'rnn', units: 3 }]);
    let session: Session;
    beforeAll(async () => {
      session = await createWasmBackend().load(randomModel(spec, 8));
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

describe('rnnkit-wasm: dispose', () => {
  const spec = featureSpec(3, [{ type: 'gru', name: 'rnn', units: 3, resetAfter: false }]);

  it('runs after dispose fail with DISPOSED; dispose twice is fine', async () => {
    const session = await createWasmBackend().load(randomModel(spec, 9));
    await session.run({ x: randomFeatures([1, 2, 3], 1) });
    await session.dispose();
    await session.dispose();
    await expectRnnkitError(session.run({ x: randomFeatures([1, 2, 3], 1) }), 'DISPOSED');
  });

  it('concurrent runs on one session give the same answers as sequential runs', async () => {
    const session = await createWasmBackend().load(randomModel(spec, 11));
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
