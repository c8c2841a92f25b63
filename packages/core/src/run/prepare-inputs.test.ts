import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import type { ModelSpec } from '../spec/types.js';
import type { NamedTensors, Tensor } from '../tensor.js';
import { assembleRunResult } from './assemble-result.js';
import { prepareRunInputs } from './prepare-inputs.js';

const tokenSpec: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'tokens', type: 'tokens' },
  sequenceLengths: { name: 'lengths' },
  layers: [
    { type: 'embedding', name: 'embed', inputDim: 5, outputDim: 3, maskZero: true },
    { type: 'lstm', name: 'lstm', units: 2, returnSequences: true },
    { type: 'gru', name: 'gru', units: 2, resetAfter: true, direction: 'bidirectional' },
  ],
  output: { name: 'out' },
  stateInputs: [
    { name: 'h0', kind: 'h', layers: ['lstm', 'gru'] },
    { name: 'c0', kind: 'c', layers: ['lstm'] },
  ],
  stateOutputs: [{ name: 'h_n', kind: 'h', layers: ['lstm', 'gru'] }],
};

const featureSpec: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  input: { name: 'x', type: 'features', size: 2, timeSteps: 3 },
  layers: [{ type: 'simpleRnn', name: 'rnn', units: 4 }],
  output: { name: 'y' },
};

const i32 = (shape: number[], data: number[]): Tensor => ({
  dtype: 'int32',
  shape,
  data: Int32Array.from(data),
});
const f32 = (shape: number[], data?: number[]): Tensor<'float32'> => ({
  dtype: 'float32',
  shape,
  data: data ? Float32Array.from(data) : new Float32Array(shape.reduce((a, b) => a * b, 1)),
});

/** Runs `action`, expects an RnnkitError, and returns it for code/path assertions. */
function caught(action: () => unknown): RnnkitError {
  try {
    action();
  } catch (error) {
    expect(RnnkitError.isInstance(error)).toBe(true);
    return error as RnnkitError;
  }
  throw new Error('expected an RnnkitError');
}

function expectError(action: () => unknown, code: string, path: string): void {
  const error = caught(action);
  expect(error.code).toBe(code);
  expect(error.path).toBe(path);
  expect(error.message).toContain(path);
}

describe('prepareRunInputs: good inputs', () => {
  it('reads tokens, lengths and builds the mask from lengths and maskZero', () => {
    const run = prepareRunInputs(tokenSpec, {
      tokens: i32([2, 3], [1, 0, 2, 3, 4, 4]),
      lengths: i32([2], [3, 2]),
    });
    expect(run.batch).toBe(2);
    expect(run.time).toBe(3);
    expect([...(run.tokens ?? [])]).toEqual([1, 0, 2, 3, 4, 4]);
    expect([...(run.lengths ?? [])]).toEqual([3, 2]);
    // example 0: token 0 at t=1 is masked; example 1: t=2 is past its length
    expect([...(run.mask ?? [])]).toEqual([1, 0, 1, 1, 1, 0]);
    expect(run.initialState.lstm.h.shape).toEqual([1, 2, 2]);
    expect(run.initialState.lstm.c?.shape).toEqual([1, 2, 2]);
    expect(run.initialState.gru.h.shape).toEqual([2, 2, 2]);
    expect(run.initialState.gru.c).toBeUndefined();
    expect(run.initialState.gru.h.dtype).toBe('float32');
    expect(run.initialState64.gru.h.dtype).toBe('float64');
  });

  it('leaves the mask out when every step is real, and accepts int64 tokens', () => {
    const run = prepareRunInputs(tokenSpec, {
      tokens: { dtype: 'int64', shape: [1, 2], data: BigInt64Array.from([1n, 4n]) },
    });
    expect(run.mask).toBeUndefined();
    expect([...(run.tokens ?? [])]).toEqual([1, 4]);
  });

  it('accepts the single data input under any name', () => {
    const run = prepareRunInputs(featureSpec, { whatever: f32([1, 3, 2], [1, 2, 3, 4, 5, 6]) });
    expect([...(run.features ?? [])]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(run.features64).toBeUndefined();
  });

  it('keeps float64 features at full precision beside the float32 copy', () => {
    const run = prepareRunInputs(featureSpec, {
      x: { dtype: 'float64', shape: [1, 3, 2], data: Float64Array.from([0.1, 0, 0, 0, 0, 0]) },
    });
    expect(run.features64?.[0]).toBe(0.1);
    expect(run.features?.[0]).toBe(Math.fround(0.1));
  });

  it('splits stacked stateInputs per layer, forward before backward', () => {
    // h0 stacks lstm (1 direction) then gru (2 directions): [3, batch 1, 2 units]
    const run = prepareRunInputs(tokenSpec, {
      tokens: i32([1, 2], [1, 2]),
      h0: f32([3, 1, 2], [1, 2, 3, 4, 5, 6]),
      c0: f32([1, 1, 2], [7, 8]),
    });
    expect([...run.initialState.lstm.h.data]).toEqual([1, 2]);
    expect([...(run.initialState.lstm.c?.data ?? [])]).toEqual([7, 8]);
    expect([...run.initialState.gru.h.data]).toEqual([3, 4, 5, 6]);
  });

  it('takes options.state by layer name, others start at zero', () => {
    const run = prepareRunInputs(
      tokenSpec,
      { tokens: i32([1, 2], [1, 2]) },
      {
        state: {
          gru: {
            h: { dtype: 'float64', shape: [2, 1, 2], data: Float64Array.from([0.5, 1, 2, 3]) },
          },
        },
      },
    );
    expect([...run.initialState64.gru.h.data]).toEqual([0.5, 1, 2, 3]);
    expect([...run.initialState.lstm.h.data]).toEqual([0, 0]);
  });
});

describe('prepareRunInputs: every refusal names its tensor', () => {
  const tokens = i32([1, 2], [1, 2]);
  const cases: [string, () => unknown, string, string][] = [
    [
      'missing data input',
      () => prepareRunInputs(tokenSpec, { lengths: i32([1], [1]) }),
      'INVALID_INPUT',
      'tokens',
    ],
    ['no inputs at all', () => prepareRunInputs(featureSpec, {}), 'INVALID_INPUT', 'x'],
    [
      'two unnamed inputs',
      () => prepareRunInputs(featureSpec, { a: f32([1, 3, 2]), b: f32([1, 3, 2]) }),
      'INVALID_INPUT',
      'x',
    ],
    [
      'unknown extra input',
      () => prepareRunInputs(featureSpec, { x: f32([1, 3, 2]), extra: f32([1]) }),
      'INVALID_INPUT',
      'extra',
    ],
    [
      'float tokens',
      () => prepareRunInputs(tokenSpec, { tokens: f32([1, 2], [1, 2]) }),
      'INVALID_INPUT',
      'tokens',
    ],
    [
      'int features',
      () => prepareRunInputs(featureSpec, { x: i32([1, 3, 2], [1, 2, 3, 4, 5, 6]) }),
      'INVALID_INPUT',
      'x',
    ],
    [
      'tokens of rank 3',
      () => prepareRunInputs(tokenSpec, { tokens: i32([1, 2, 1], [1, 2]) }),
      'INVALID_INPUT',
      'tokens',
    ],
    [
      'features of rank 2',
      () => prepareRunInputs(featureSpec, { x: f32([3, 2]) }),
      'INVALID_INPUT',
      'x',
    ],
    [
      'wrong feature size',
      () => prepareRunInputs(featureSpec, { x: f32([1, 3, 3]) }),
      'INVALID_INPUT',
      'x',
    ],
    [
      'wrong fixed time steps',
      () => prepareRunInputs(featureSpec, { x: f32([1, 4, 2]) }),
      'INVALID_INPUT',
      'x',
    ],
    [
      'zero batch',
      () => prepareRunInputs(tokenSpec, { tokens: i32([0, 2], []) }),
      'INVALID_INPUT',
      'tokens',
    ],
    [
      'zero time',
      () => prepareRunInputs(tokenSpec, { tokens: i32([1, 0], []) }),
      'INVALID_INPUT',
      'tokens',
    ],
    [
      'shape claims more data than given (checked before allocating)',
      () =>
        prepareRunInputs(tokenSpec, {
          tokens: { dtype: 'int32', shape: [1e9, 1e9], data: new Int32Array(2) },
        }),
      'INVALID_INPUT',
      'tokens',
    ],
    [
      'negative dimension',
      () =>
        prepareRunInputs(tokenSpec, {
          tokens: { dtype: 'int32', shape: [-1, -2], data: new Int32Array(2) },
        }),
      'INVALID_INPUT',
      'tokens',
    ],
    [
      'data array of the wrong type',
      () =>
        prepareRunInputs(tokenSpec, {
          tokens: { dtype: 'int32', shape: [1, 2], data: new Float32Array(2) } as unknown as Tensor,
        }),
      'INVALID_INPUT',
      'tokens',
    ],
    [
      'not a tensor',
      () => prepareRunInputs(tokenSpec, { tokens: 5 as unknown as Tensor }),
      'INVALID_INPUT',
      'tokens',
    ],
    [
      'token id = vocabulary size',
      () => prepareRunInputs(tokenSpec, { tokens: i32([1, 2], [1, 5]) }),
      'INVALID_INPUT',
      'tokens',
    ],
    [
      'negative token id',
      () => prepareRunInputs(tokenSpec, { tokens: i32([1, 2], [-1, 2]) }),
      'INVALID_INPUT',
      'tokens',
    ],
    [
      'huge int64 token id',
      () =>
        prepareRunInputs(tokenSpec, {
          tokens: { dtype: 'int64', shape: [1, 1], data: BigInt64Array.from([2n ** 40n]) },
        }),
      'INVALID_INPUT',
      'tokens',
    ],
    [
      'length 0',
      () => prepareRunInputs(tokenSpec, { tokens, lengths: i32([1], [0]) }),
      'INVALID_INPUT',
      'lengths',
    ],
    [
      'length > time',
      () => prepareRunInputs(tokenSpec, { tokens, lengths: i32([1], [3]) }),
      'INVALID_INPUT',
      'lengths',
    ],
    [
      'lengths of the wrong batch',
      () => prepareRunInputs(tokenSpec, { tokens, lengths: i32([2], [1, 1]) }),
      'INVALID_INPUT',
      'lengths',
    ],
    [
      'float lengths',
      () => prepareRunInputs(tokenSpec, { tokens, lengths: f32([1], [1]) }),
      'INVALID_INPUT',
      'lengths',
    ],
    [
      'state input of the wrong shape',
      () => prepareRunInputs(tokenSpec, { tokens, h0: f32([2, 1, 2]) }),
      'INVALID_INPUT',
      'h0',
    ],
    [
      'state input of the wrong batch',
      () => prepareRunInputs(tokenSpec, { tokens, c0: f32([1, 2, 2]) }),
      'INVALID_INPUT',
      'c0',
    ],
    [
      'int state input',
      () => prepareRunInputs(tokenSpec, { tokens, c0: i32([1, 1, 2], [0, 0]) }),
      'INVALID_INPUT',
      'c0',
    ],
    [
      'options.state for an unknown layer',
      () => prepareRunInputs(tokenSpec, { tokens }, { state: { nope: { h: f32([1, 1, 2]) } } }),
      'INVALID_STATE',
      'nope',
    ],
    [
      'options.state of the wrong shape',
      () => prepareRunInputs(tokenSpec, { tokens }, { state: { gru: { h: f32([1, 1, 2]) } } }),
      'INVALID_STATE',
      'gru.h',
    ],
    [
      'options.state of the wrong batch',
      () => prepareRunInputs(tokenSpec, { tokens }, { state: { gru: { h: f32([2, 3, 2]) } } }),
      'INVALID_STATE',
      'gru.h',
    ],
    [
      'LSTM options.state without c',
      () => prepareRunInputs(tokenSpec, { tokens }, { state: { lstm: { h: f32([1, 1, 2]) } } }),
      'INVALID_STATE',
      'lstm.c',
    ],
    [
      'GRU options.state with c',
      () =>
        prepareRunInputs(
          tokenSpec,
          { tokens },
          { state: { gru: { h: f32([2, 1, 2]), c: f32([2, 1, 2]) } } },
        ),
      'INVALID_STATE',
      'gru.c',
    ],
    [
      'options.state without h',
      () => prepareRunInputs(tokenSpec, { tokens }, { state: { gru: {} as never } }),
      'INVALID_STATE',
      'gru',
    ],
    [
      'the same layer given both ways',
      () =>
        prepareRunInputs(
          tokenSpec,
          { tokens, c0: f32([1, 1, 2]) },
          { state: { lstm: { h: f32([1, 1, 2]), c: f32([1, 1, 2]) } } },
        ),
      'INVALID_STATE',
      'c0',
    ],
  ];
  it.each(cases)('%s', (_label, action, code, path) => expectError(action, code, path));

  it('the single-input rule never swallows named lengths or states', () => {
    // 'lengths' is a known name, so it is not taken as the data input.
    expectError(
      () => prepareRunInputs(tokenSpec, { lengths: i32([1], [1]) } as NamedTensors),
      'INVALID_INPUT',
      'tokens',
    );
  });
});

describe('assembleRunResult', () => {
  it('stacks state outputs over layers in order, forward before backward', () => {
    const main = f32([1, 2]);
    const result = assembleRunResult(tokenSpec, main, {
      lstm: { h: f32([1, 1, 2], [1, 2]), c: f32([1, 1, 2], [9, 9]) },
      gru: { h: f32([2, 1, 2], [3, 4, 5, 6]) },
    });
    expect(result.outputs.out).toBe(main);
    expect(result.outputs.h_n.shape).toEqual([3, 1, 2]);
    expect([...result.outputs.h_n.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.state.gru.h.shape).toEqual([2, 1, 2]);
  });

  it('refuses a final state that lacks a listed layer', () => {
    expectError(
      () => assembleRunResult(tokenSpec, f32([1, 2]), { lstm: { h: f32([1, 1, 2]) } }),
      'INTERNAL',
      'h_n',
    );
  });
});
