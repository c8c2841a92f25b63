/**
 * The token-step fast path returns exactly what core's prepareRunInputs returns for the calls it
 * takes, and declines (undefined: core then checks and reports) everything else.
 */
import {
  float64Tensor,
  gruLanguageModelSpec,
  initializeWeights,
  int32Tensor,
  type ModelSpec,
  prepareRunInputs,
  RnnkitError,
  type RunOptions,
  sentimentLstmSpec,
} from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { tokenSpec } from '../../../onnx/src/runtime/test-support/models.js';
import { createWasmBackend } from '../index.js';
import type { WasmSession } from '../session.js';
import { planTokenStep, tokenStepInputs } from './token-step-inputs.js';

const lstm = sentimentLstmSpec({ vocabularySize: 50 });
const biGru = tokenSpec(20, 6, [
  {
    type: 'gru',
    name: 'gru',
    units: 5,
    direction: 'bidirectional',
    resetAfter: true,
    returnSequences: true,
  },
  { type: 'lstm', name: 'lstm', units: 4 },
]);

function state(spec: ModelSpec, batch: number, seed: number) {
  const plan = planTokenStep(spec);
  if (!plan) throw new Error('no plan');
  const result: NonNullable<RunOptions['state']> = {};
  let x = seed;
  const random = (n: number) =>
    Float32Array.from({ length: n }, () => {
      x = (x * 7919) % 101;
      return (x - 50) / 50;
    });
  for (const [name, layer] of plan.layers) {
    const shape = [layer.directions, batch, layer.units];
    const n = layer.directions * batch * layer.units;
    result[name] = { h: { dtype: 'float32', shape, data: random(n) } };
    if (layer.type === 'lstm')
      result[name].c = { dtype: 'float32', shape: [...shape], data: random(n) };
  }
  return result;
}

/** Tensor data as numbers (none of these is int64). */
function values(data: ArrayLike<number | bigint> | undefined): number[] {
  return Array.from((data ?? []) as ArrayLike<number>);
}

describe('tokenStepInputs', () => {
  it.each([
    ['sentiment LSTM, one token, no state', lstm, int32Tensor([1, 1], [7]), undefined],
    [
      'sentiment LSTM, one token, state',
      lstm,
      int32Tensor([1, 1], [49]),
      { state: state(lstm, 1, 3) },
    ],
    [
      'bidirectional GRU + LSTM, batch 2 x 3',
      biGru,
      int32Tensor([2, 3], [0, 1, 2, 19, 4, 5]),
      { state: state(biGru, 2, 5) },
    ],
    [
      'only one of two layers given',
      biGru,
      int32Tensor([1, 2], [3, 4]),
      { state: { lstm: state(biGru, 1, 2).lstm } },
    ],
  ])('%s: the same run inputs as prepareRunInputs', (_name, spec, tokens, options) => {
    const plan = planTokenStep(spec);
    expect(plan).toBeDefined();
    const inputs = { [spec.input.name]: tokens };
    const fast = tokenStepInputs(plan!, inputs, options);
    const core = prepareRunInputs(spec, inputs, options);
    expect(fast).toBeDefined();
    expect(fast!.batch).toBe(core.batch);
    expect(fast!.time).toBe(core.time);
    expect(fast!.mask).toBe(core.mask);
    expect(Array.from(fast!.tokens!)).toEqual(Array.from(core.tokens!));
    expect(Object.keys(fast!.initialState).sort()).toEqual(Object.keys(core.initialState).sort());
    for (const [layer, s] of Object.entries(core.initialState)) {
      expect(fast!.initialState[layer].h.shape).toEqual(s.h.shape);
      expect(values(fast!.initialState[layer].h.data)).toEqual(values(s.h.data));
      expect(fast!.initialState[layer].c?.shape).toEqual(s.c?.shape);
      expect(values(fast!.initialState[layer].c?.data)).toEqual(values(s.c?.data));
    }
  });

  const good = state(lstm, 1, 3);
  it.each([
    [
      'an extra input',
      { tokens: int32Tensor([1, 1], [1]), extra: int32Tensor([1, 1], [1]) },
      undefined,
    ],
    ['the data input under another name', { ids: int32Tensor([1, 1], [1]) }, undefined],
    ['a token outside the vocabulary', { tokens: int32Tensor([1, 1], [50]) }, undefined],
    ['a negative token', { tokens: int32Tensor([1, 1], [-1]) }, undefined],
    [
      'int64 tokens',
      { tokens: { dtype: 'int64', shape: [1, 1], data: new BigInt64Array([1n]) } },
      undefined,
    ],
    [
      'a shape that lies',
      { tokens: { dtype: 'int32', shape: [1, 2], data: new Int32Array([1]) } },
      undefined,
    ],
    ['zero steps', { tokens: int32Tensor([1, 0], []) }, undefined],
    [
      'a float64 state (core converts it)',
      { tokens: int32Tensor([1, 1], [1]) },
      { state: { lstm: { h: float64Tensor([1, 1, 128], new Float64Array(64)), c: good.lstm.c } } },
    ],
    [
      'a state without c',
      { tokens: int32Tensor([1, 1], [1]) },
      { state: { lstm: { h: good.lstm.h } } },
    ],
    ['a state of the wrong batch', { tokens: int32Tensor([2, 1], [1, 2]) }, { state: good }],
    [
      'an unknown layer',
      { tokens: int32Tensor([1, 1], [1]) },
      { state: { ...good, nope: good.lstm } },
    ],
    ['state not an object', { tokens: int32Tensor([1, 1], [1]) }, { state: 3 }],
  ])('declines %s', (_name, inputs, options) => {
    expect(tokenStepInputs(planTokenStep(lstm)!, inputs, options)).toBeUndefined();
  });

  it('is off for specs with maskZero, sequence lengths, state inputs or features', () => {
    expect(
      planTokenStep(
        tokenSpec(10, 4, [{ type: 'gru', name: 'g', units: 3, resetAfter: true }], true),
      ),
    ).toBeUndefined();
    expect(planTokenStep({ ...lstm, sequenceLengths: { name: 'lengths' } })).toBeUndefined();
    expect(
      planTokenStep({ ...lstm, input: { name: 'x', type: 'features', size: 3 } }),
    ).toBeUndefined();
    expect(planTokenStep(gruLanguageModelSpec({ vocabularySize: 10 }))).toBeDefined();
  });

  it('a session still reports core errors for what it declines, and streams the same bits either way', async () => {
    const spec = lstm;
    const session = (await createWasmBackend().load({
      spec,
      weights: initializeWeights(spec, { seed: 4 }),
    })) as WasmSession;
    const error = (() => {
      try {
        session.runSync(
          { tokens: int32Tensor([1, 1], [1]) },
          { state: { lstm: { h: good.lstm.h } } },
        );
      } catch (e) {
        return e;
      }
    })();
    expect(RnnkitError.isInstance(error) && error.code).toBe('INVALID_STATE');
    expect(() => session.runSync({ tokens: int32Tensor([1, 1], [50]) })).toThrow(/vocabulary/);
    // float32 state: fast path; the same state as float64: core's path.
    let fast = good;
    let slow = good;
    for (const id of [3, 1, 4, 1, 5]) {
      const a = session.runSync({ tokens: int32Tensor([1, 1], [id]) }, { state: fast });
      const b = session.runSync(
        { tokens: int32Tensor([1, 1], [id]) },
        {
          state: {
            lstm: {
              h: float64Tensor([1, 1, 128], Float64Array.from(values(slow.lstm.h.data))),
              c: float64Tensor([1, 1, 128], Float64Array.from(values(slow.lstm.c!.data))),
            },
          },
        },
      );
      expect(values(a.outputs.probability.data)).toEqual(values(b.outputs.probability.data));
      expect(values(a.state.lstm.h.data)).toEqual(values(b.state.lstm.h.data));
      fast = a.state;
      slow = b.state;
    }
    await session.dispose();
  });
});
