/**
 * Tiny cases worked out by hand in the test itself, with Math.tanh and a sigmoid written here,
 * independent of the executor's code. Weights are float32 values chosen to be exact (k/8).
 */
import { describe, expect, it } from 'vitest';
import { runReference } from './run-reference.js';
import { f32, featureSpec, i32, model, values } from './test-support/build.js';

const sig = (x: number) => 1 / (1 + Math.exp(-x));
const close = (actual: number[], expected: number[]) => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 14);
};

describe('SimpleRNN by hand', () => {
  it('1 unit over 2 steps, tanh, with recurrent bias', () => {
    const m = model(
      featureSpec(1, [
        { type: 'simpleRnn', name: 'rnn', units: 1, returnSequences: true, recurrentBias: true },
      ]),
      {
        'rnn/kernel': { shape: [1, 1], data: [0.5] },
        'rnn/recurrentKernel': { shape: [1, 1], data: [-0.375] },
        'rnn/bias': { shape: [1], data: [0.125] },
        'rnn/recurrentBias': { shape: [1], data: [0.25] },
      },
    );
    const h1 = Math.tanh(0.5 * 1 + 0.125 + -0.375 * 0 + 0.25);
    const h2 = Math.tanh(0.5 * -2 + 0.125 + -0.375 * h1 + 0.25);
    const result = runReference(m, { x: f32([1, 2, 1], [1, -2]) });
    close(values(result.outputs.y), [h1, h2]);
    expect(result.outputs.y.dtype).toBe('float64');
    expect(result.outputs.y.shape).toEqual([1, 2, 1]);
    close(values(result.state.rnn.h), [h2]);
  });

  it('relu with an initial state, returnSequences false', () => {
    const m = model(
      featureSpec(2, [{ type: 'simpleRnn', name: 'rnn', units: 1, activation: 'relu' }]),
      {
        'rnn/kernel': { shape: [2, 1], data: [1, -0.5] },
        'rnn/recurrentKernel': { shape: [1, 1], data: [2] },
        'rnn/bias': { shape: [1], data: [-0.25] },
      },
    );
    const h0 = 0.75;
    const h1 = Math.max(0, 1 * 0.5 + -0.5 * 1 - 0.25 + 2 * h0);
    const h2 = Math.max(0, 1 * -3 + -0.5 * 0 - 0.25 + 2 * h1);
    const result = runReference(
      m,
      { x: f32([1, 2, 2], [0.5, 1, -3, 0]) },
      { state: { rnn: { h: f32([1, 1, 1], [h0]) } } },
    );
    close(values(result.outputs.y), [h2]);
    expect(result.outputs.y.shape).toEqual([1, 1]);
  });
});

describe('LSTM by hand', () => {
  // kernel columns i, f, c, o
  const weights = {
    'lstm/kernel': { shape: [1, 4], data: [0.5, -0.25, 0.75, 1] },
    'lstm/recurrentKernel': { shape: [1, 4], data: [0.125, 0.5, -0.5, 0.25] },
    'lstm/bias': { shape: [4], data: [0, 1, 0.25, -0.125] },
  };
  const x = 0.5;
  const h0 = 0.25;
  const c0 = -0.5;

  it('one step from a given state', () => {
    const m = model(featureSpec(1, [{ type: 'lstm', name: 'lstm', units: 1 }]), weights);
    const i = sig(0.5 * x + 0.125 * h0 + 0);
    const f = sig(-0.25 * x + 0.5 * h0 + 1);
    const g = Math.tanh(0.75 * x - 0.5 * h0 + 0.25);
    const o = sig(1 * x + 0.25 * h0 - 0.125);
    const c1 = f * c0 + i * g;
    const h1 = o * Math.tanh(c1);
    const result = runReference(
      m,
      { x: f32([1, 1, 1], [x]) },
      { state: { lstm: { h: f32([1, 1, 1], [h0]), c: f32([1, 1, 1], [c0]) } } },
    );
    close(values(result.outputs.y), [h1]);
    close(values(result.state.lstm.h), [h1]);
    close(values(result.state.lstm.c), [c1]);
  });

  it('peepholes: i and f see the old cell, o sees the new one', () => {
    const m = model(featureSpec(1, [{ type: 'lstm', name: 'lstm', units: 1, peepholes: true }]), {
      ...weights,
      'lstm/peephole': { shape: [3], data: [0.5, -1, 2] },
    });
    const i = sig(0.5 * x + 0.125 * h0 + 0 + 0.5 * c0);
    const f = sig(-0.25 * x + 0.5 * h0 + 1 + -1 * c0);
    const g = Math.tanh(0.75 * x - 0.5 * h0 + 0.25);
    const c1 = f * c0 + i * g;
    const o = sig(1 * x + 0.25 * h0 - 0.125 + 2 * c1);
    const h1 = o * Math.tanh(c1);
    const result = runReference(
      m,
      { x: f32([1, 1, 1], [x]) },
      { state: { lstm: { h: f32([1, 1, 1], [h0]), c: f32([1, 1, 1], [c0]) } } },
    );
    close(values(result.state.lstm.h), [h1]);
    close(values(result.state.lstm.c), [c1]);
  });

  it('hard sigmoid gates and relu activation', () => {
    const m = model(
      featureSpec(1, [
        {
          type: 'lstm',
          name: 'lstm',
          units: 1,
          recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
          activation: 'relu',
        },
      ]),
      weights,
    );
    const hs = (v: number) => Math.min(1, Math.max(0, 0.2 * v + 0.5));
    const relu = (v: number) => Math.max(v, 0);
    const i = hs(0.5 * x + 0.125 * h0);
    const f = hs(-0.25 * x + 0.5 * h0 + 1);
    const g = relu(0.75 * x - 0.5 * h0 + 0.25);
    const o = hs(1 * x + 0.25 * h0 - 0.125);
    const c1 = f * c0 + i * g;
    const h1 = o * relu(c1);
    const result = runReference(
      m,
      { x: f32([1, 1, 1], [x]) },
      { state: { lstm: { h: f32([1, 1, 1], [h0]), c: f32([1, 1, 1], [c0]) } } },
    );
    close(values(result.state.lstm.h), [h1]);
    close(values(result.state.lstm.c), [c1]);
  });
});

describe('GRU by hand, both reset placements', () => {
  // kernel columns z, r, h
  const weights = {
    'gru/kernel': { shape: [1, 3], data: [0.5, -0.75, 1] },
    'gru/recurrentKernel': { shape: [1, 3], data: [0.25, 0.5, -1.5] },
    'gru/bias': { shape: [3], data: [0.125, 0, -0.25] },
    'gru/recurrentBias': { shape: [3], data: [0.25, -0.5, 0.75] },
  };
  const x = -1;
  const h0 = 0.5;
  const z = sig(0.5 * x + 0.125 + 0.25 * h0 + 0.25);
  const r = sig(-0.75 * x + 0 + 0.5 * h0 - 0.5);

  for (const resetAfter of [false, true]) {
    it(`resetAfter ${resetAfter}`, () => {
      const m = model(
        featureSpec(1, [{ type: 'gru', name: 'gru', units: 1, resetAfter, recurrentBias: true }]),
        weights,
      );
      const candidate = resetAfter
        ? Math.tanh(1 * x - 0.25 + r * (-1.5 * h0 + 0.75))
        : Math.tanh(1 * x - 0.25 + -1.5 * (r * h0) + 0.75);
      const h1 = z * h0 + (1 - z) * candidate;
      const result = runReference(
        m,
        { x: f32([1, 1, 1], [x]) },
        { state: { gru: { h: f32([1, 1, 1], [h0]) } } },
      );
      close(values(result.outputs.y), [h1]);
    });
  }
});

describe('directions and merge modes by hand (1-unit SimpleRNN, h = tanh(x + h/2))', () => {
  const step = (x: number, h: number) => Math.tanh(x + 0.5 * h);
  const xs = [0.5, -1, 2];
  const fw1 = step(xs[0], 0);
  const fw2 = step(xs[1], fw1);
  const fw3 = step(xs[2], fw2);
  // reverse reads t=2,1,0; output at t is the state after consuming t
  const bw3 = step(xs[2], 0);
  const bw2 = step(xs[1], bw3);
  const bw1 = step(xs[0], bw2);
  const cell = {
    kernel: { shape: [1, 1], data: [1] },
    recurrentKernel: { shape: [1, 1], data: [0.5] },
    bias: { shape: [1], data: [0] },
  };
  const prefixed = (prefix: string) =>
    Object.fromEntries(Object.entries(cell).map(([name, tensor]) => [`${prefix}${name}`, tensor]));
  const both = { ...prefixed('rnn/forward/'), ...prefixed('rnn/backward/') };
  const input = { x: f32([1, 3, 1], xs) };

  it('reverse keeps outputs time-aligned', () => {
    const m = model(
      featureSpec(1, [
        { type: 'simpleRnn', name: 'rnn', units: 1, direction: 'reverse', returnSequences: true },
      ]),
      prefixed('rnn/'),
    );
    const result = runReference(m, input);
    close(values(result.outputs.y), [bw1, bw2, bw3]);
    close(values(result.state.rnn.h), [bw1]);
  });

  it('bidirectional concat, forward half first; state [2, batch, units]', () => {
    const m = model(
      featureSpec(1, [
        {
          type: 'simpleRnn',
          name: 'rnn',
          units: 1,
          direction: 'bidirectional',
          returnSequences: true,
        },
      ]),
      both,
    );
    const result = runReference(m, input);
    close(values(result.outputs.y), [fw1, bw1, fw2, bw2, fw3, bw3]);
    expect(result.state.rnn.h.shape).toEqual([2, 1, 1]);
    close(values(result.state.rnn.h), [fw3, bw1]);
  });

  const merges: [string, (a: number, b: number) => number][] = [
    ['sum', (a, b) => a + b],
    ['ave', (a, b) => (a + b) / 2],
    ['mul', (a, b) => a * b],
  ];
  for (const [mode, merge] of merges) {
    it(`bidirectional ${mode}, sequences and last step`, () => {
      const layer = {
        type: 'simpleRnn' as const,
        name: 'rnn',
        units: 1,
        direction: 'bidirectional' as const,
        mergeMode: mode as 'sum',
      };
      const sequences = runReference(
        model(featureSpec(1, [{ ...layer, returnSequences: true }]), both),
        input,
      );
      close(values(sequences.outputs.y), [merge(fw1, bw1), merge(fw2, bw2), merge(fw3, bw3)]);
      const last = runReference(model(featureSpec(1, [layer]), both), input);
      // without sequences: merge(forward final, backward final = state after t = 0)
      close(values(last.outputs.y), [merge(fw3, bw1)]);
    });
  }
});

describe('embedding and dense by hand', () => {
  it('looks up rows, applies dense per time step, softmax on the last axis', () => {
    const spec = {
      format: 'rnnkit-model' as const,
      formatVersion: 1 as const,
      input: { name: 'ids', type: 'tokens' as const },
      layers: [
        { type: 'embedding' as const, name: 'emb', inputDim: 3, outputDim: 1 },
        {
          type: 'simpleRnn' as const,
          name: 'rnn',
          units: 1,
          activation: 'linear' as const,
          returnSequences: true,
        },
        { type: 'dropout' as const, name: 'drop', rate: 0.5 },
        { type: 'dense' as const, name: 'out', units: 2, activation: 'softmax' as const },
      ],
      output: { name: 'probs' },
    };
    const m = model(spec, {
      'emb/embeddings': { shape: [3, 1], data: [0.5, -1, 2] },
      'rnn/kernel': { shape: [1, 1], data: [1] },
      'rnn/recurrentKernel': { shape: [1, 1], data: [0.5] },
      'rnn/bias': { shape: [1], data: [0] },
      'out/kernel': { shape: [1, 2], data: [1, -1] },
      'out/bias': { shape: [2], data: [0.25, 0] },
    });
    const h1 = 2; // id 2 -> 2
    const h2 = 0.5 + 0.5 * h1; // id 0 -> 0.5
    const softmax = (a: number, b: number) => [
      Math.exp(a) / (Math.exp(a) + Math.exp(b)),
      Math.exp(b) / (Math.exp(a) + Math.exp(b)),
    ];
    const result = runReference(m, { ids: i32([1, 2], [2, 0]) });
    expect(result.outputs.probs.shape).toEqual([1, 2, 2]);
    close(values(result.outputs.probs), [...softmax(h1 + 0.25, -h1), ...softmax(h2 + 0.25, -h2)]);
  });
});
