/**
 * The runner's fast path must be invisible: for every input, it returns what `prepareRunInputs`
 * (core, the authority) computes, or core's own error. Valid and invalid calls alike are compared
 * with core directly.
 */
import {
  type NamedTensors,
  type PreparedRun,
  prepareRunInputs,
  type RunOptions,
  type Tensor,
} from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { createRunPreparer, type RunnerInputs } from './prepare-run.js';
import { featureSpec, tokenSpec } from './test-support/models.js';

const f32 = (shape: number[], fill = 0.25): Tensor => ({
  dtype: 'float32',
  shape,
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill),
});
const i32 = (shape: number[], values: number[]): Tensor => ({
  dtype: 'int32',
  shape,
  data: Int32Array.from(values),
});

function plain(run: RunnerInputs | PreparedRun) {
  const state: Record<string, Record<string, { shape: readonly number[]; data: number[] }>> = {};
  for (const [layer, s] of Object.entries(run.initialState)) {
    state[layer] = {};
    for (const [kind, t] of Object.entries(s)) {
      if (t) state[layer][kind] = { shape: [...t.shape], data: Array.from(t.data as Float32Array) };
    }
  }
  expect(Object.values(run.initialState).every((s) => s.h.dtype === 'float32')).toBe(true);
  return {
    batch: run.batch,
    time: run.time,
    tokens: run.tokens && [...run.tokens],
    features: run.features && [...run.features],
    lengths: run.lengths && [...run.lengths],
    mask: run.mask && [...run.mask],
    state,
  };
}

function outcome(f: () => RunnerInputs | PreparedRun) {
  try {
    return { ok: plain(f()) };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return { error: `${e.code}: ${e.message}` };
  }
}

const gru = tokenSpec(6, 3, [{ type: 'gru', name: 'g', units: 2, resetAfter: true }]);
const masked = tokenSpec(6, 3, [{ type: 'gru', name: 'g', units: 2, resetAfter: true }], true);
const lstm = featureSpec(2, [
  { type: 'lstm', name: 'a', units: 2, returnSequences: true, direction: 'bidirectional' },
  { type: 'gru', name: 'b', units: 3, resetAfter: false },
]);

type Case = [string, typeof gru, NamedTensors, RunOptions | undefined];
const cases: Case[] = [
  ['tokens, no state', gru, { tokens: i32([2, 2], [1, 2, 3, 5]) }, undefined],
  [
    'tokens with a returned state',
    gru,
    { tokens: i32([1, 3], [0, 5, 2]) },
    { state: { g: { h: f32([1, 1, 2], 0.5) } } },
  ],
  ['token out of vocabulary', gru, { tokens: i32([1, 2], [1, 6]) }, undefined],
  ['negative token', gru, { tokens: i32([1, 1], [-1]) }, undefined],
  [
    'int64 tokens',
    gru,
    { tokens: { dtype: 'int64', shape: [1, 1], data: BigInt64Array.from([2n]) } },
    undefined,
  ],
  ['float tokens', gru, { tokens: f32([1, 1]) }, undefined],
  ['shape lies about data', gru, { tokens: i32([2, 2], [1, 2, 3]) }, undefined],
  ['zero time steps', gru, { tokens: i32([1, 0], []) }, undefined],
  ['unnamed single input', gru, { other: i32([1, 1], [1]) }, undefined],
  ['extra input', gru, { tokens: i32([1, 1], [1]), extra: i32([1, 1], [1]) }, undefined],
  ['no inputs', gru, {}, undefined],
  [
    'state of unknown layer',
    gru,
    { tokens: i32([1, 1], [1]) },
    { state: { nope: { h: f32([1, 1, 2]) } } },
  ],
  [
    'state given as undefined',
    gru,
    { tokens: i32([1, 1], [1]) },
    { state: { g: undefined } as never },
  ],
  [
    'state of wrong batch',
    gru,
    { tokens: i32([1, 1], [1]) },
    { state: { g: { h: f32([1, 2, 2]) } } },
  ],
  [
    'cell state on a GRU',
    gru,
    { tokens: i32([1, 1], [1]) },
    { state: { g: { h: f32([1, 1, 2]), c: f32([1, 1, 2]) } } },
  ],
  [
    'float64 state',
    gru,
    { tokens: i32([1, 1], [1]) },
    {
      state: {
        g: { h: { dtype: 'float64', shape: [1, 1, 2], data: Float64Array.from([0.1, 0.2]) } },
      },
    },
  ],
  ['state not an object', gru, { tokens: i32([1, 1], [1]) }, { state: 3 as never }],
  ['maskZero, no padding', masked, { tokens: i32([1, 2], [1, 2]) }, undefined],
  ['maskZero, post-padding', masked, { tokens: i32([2, 2], [1, 0, 3, 4]) }, undefined],
  ['features, no state', lstm, { x: f32([2, 3, 2]) }, undefined],
  [
    'features with every state',
    lstm,
    { x: f32([1, 2, 2]) },
    {
      state: {
        a: { h: f32([2, 1, 2], 0.1), c: f32([2, 1, 2], 0.2) },
        b: { h: f32([1, 1, 3], 0.3) },
      },
    },
  ],
  [
    'features, one layer given',
    lstm,
    { x: f32([1, 2, 2]) },
    { state: { b: { h: f32([1, 1, 3], 0.3) } } },
  ],
  ['LSTM state without c', lstm, { x: f32([1, 2, 2]) }, { state: { a: { h: f32([2, 1, 2]) } } }],
  [
    'LSTM state of wrong directions',
    lstm,
    { x: f32([1, 2, 2]) },
    { state: { a: { h: f32([1, 1, 2]), c: f32([1, 1, 2]) } } },
  ],
  ['wrong feature size', lstm, { x: f32([1, 2, 3]) }, undefined],
  [
    'float64 features',
    lstm,
    { x: { dtype: 'float64', shape: [1, 1, 2], data: Float64Array.from([0.5, -1]) } },
    undefined,
  ],
];

describe('createRunPreparer', () => {
  it.each(cases)('%s: agrees with prepareRunInputs', (_label, spec, inputs, options) => {
    const prepare = createRunPreparer(spec);
    expect(outcome(() => prepare(inputs, options))).toEqual(
      outcome(() => prepareRunInputs(spec, inputs, options)),
    );
  });

  it('takes the fast path (no float64 copies) for streaming calls', () => {
    const fast = cases.filter(([label]) =>
      ['tokens with a returned state', 'features with every state', 'features, no state'].includes(
        label,
      ),
    );
    for (const [, spec, inputs, options] of fast) {
      expect('initialState64' in createRunPreparer(spec)(inputs, options)).toBe(false);
    }
  });

  it('copies token ids it checked, so a later change by the caller cannot reach ORT', () => {
    const tokens = i32([1, 2], [1, 2]);
    const prepared = createRunPreparer(gru)({ tokens });
    (tokens.data as Int32Array)[0] = 99;
    expect([...prepared.tokens!]).toEqual([1, 2]);
  });
});
