/**
 * A bidirectional layer whose backward direction has its own activations (`backward`, issue 13),
 * worked out by hand in the test with Math functions written here, independent of the executor.
 * 1-unit cells over 2 steps; weights are exact binary fractions.
 */
import { describe, expect, it } from 'vitest';
import { runReference } from './run-reference.js';
import { f32, featureSpec, model, values } from './test-support/build.js';

const sig = (v: number) => 1 / (1 + Math.exp(-v));
const relu = (v: number) => Math.max(v, 0);
const hardSigmoid = (v: number) => Math.min(1, Math.max(0, 0.2 * v + 0.5));
const close = (actual: number[], expected: number[]) => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 14);
};
const both = (name: string, cell: Record<string, { shape: number[]; data: number[] }>) =>
  Object.fromEntries(
    ['forward', 'backward'].flatMap((d) =>
      Object.entries(cell).map(([tensor, value]) => [`${name}/${d}/${tensor}`, value]),
    ),
  );
const xs = [0.5, -1];
const input = { x: f32([1, 2, 1], xs) };

describe('bidirectional layers with backward activations, by hand', () => {
  it('simpleRnn: forward tanh, backward relu', () => {
    const m = model(
      featureSpec(1, [
        {
          type: 'simpleRnn',
          name: 'rnn',
          units: 1,
          direction: 'bidirectional',
          returnSequences: true,
          backward: { activation: 'relu' },
        },
      ]),
      both('rnn', {
        kernel: { shape: [1, 1], data: [1.5] },
        recurrentKernel: { shape: [1, 1], data: [-0.5] },
        bias: { shape: [1], data: [0.25] },
      }),
    );
    const step = (g: (v: number) => number, x: number, h: number) => g(1.5 * x - 0.5 * h + 0.25);
    const fw0 = step(Math.tanh, xs[0], 0);
    const fw1 = step(Math.tanh, xs[1], fw0);
    const bw1 = step(relu, xs[1], 0); // 0: relu clips it
    const bw0 = step(relu, xs[0], bw1);
    expect(bw1).toBe(0);
    const result = runReference(m, input);
    close(values(result.outputs.y), [fw0, bw0, fw1, bw1]);
    close(values(result.state.rnn.h), [fw1, bw0]);
  });

  // kernel columns i, f, c, o
  const lstmCell = {
    kernel: { shape: [1, 4], data: [0.5, -0.25, 0.75, 1] },
    recurrentKernel: { shape: [1, 4], data: [0.125, 0.5, -0.5, 0.25] },
    bias: { shape: [4], data: [0, 1, 0.25, -0.125] },
  };
  const lstmStep = (
    gate: (v: number) => number,
    g: (v: number) => number,
    x: number,
    h: number,
    c: number,
  ) => {
    const i = gate(0.5 * x + 0.125 * h);
    const f = gate(-0.25 * x + 0.5 * h + 1);
    const candidate = g(0.75 * x - 0.5 * h + 0.25);
    const o = gate(1 * x + 0.25 * h - 0.125);
    const next = f * c + i * candidate;
    return { h: o * g(next), c: next };
  };

  it('lstm: forward tanh/sigmoid, backward relu/hardSigmoid, final states', () => {
    const m = model(
      featureSpec(1, [
        {
          type: 'lstm',
          name: 'lstm',
          units: 1,
          direction: 'bidirectional',
          backward: {
            activation: 'relu',
            recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
          },
        },
      ]),
      both('lstm', lstmCell),
    );
    const fw0 = lstmStep(sig, Math.tanh, xs[0], 0, 0);
    const fw1 = lstmStep(sig, Math.tanh, xs[1], fw0.h, fw0.c);
    const bw1 = lstmStep(hardSigmoid, relu, xs[1], 0, 0);
    const bw0 = lstmStep(hardSigmoid, relu, xs[0], bw1.h, bw1.c);
    const result = runReference(m, input);
    close(values(result.outputs.y), [fw1.h, bw0.h]);
    close(values(result.state.lstm.c), [fw1.c, bw0.c]);
    // The backward numbers differ from what the forward activations would give.
    expect(Math.abs(bw0.h - lstmStep(sig, Math.tanh, xs[0], bw1.h, bw1.c).h)).toBeGreaterThan(0.01);
  });

  it('lstm: only the backward gate activation given, the cell activation stays the forward one', () => {
    const m = model(
      featureSpec(1, [
        {
          type: 'lstm',
          name: 'lstm',
          units: 1,
          direction: 'bidirectional',
          activation: 'softsign',
          backward: { recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 } },
        },
      ]),
      both('lstm', lstmCell),
    );
    const softsign = (v: number) => v / (1 + Math.abs(v));
    const fw0 = lstmStep(sig, softsign, xs[0], 0, 0);
    const fw1 = lstmStep(sig, softsign, xs[1], fw0.h, fw0.c);
    const bw1 = lstmStep(hardSigmoid, softsign, xs[1], 0, 0);
    const bw0 = lstmStep(hardSigmoid, softsign, xs[0], bw1.h, bw1.c);
    close(values(runReference(m, input).outputs.y), [fw1.h, bw0.h]);
  });

  it('gru (resetAfter): forward tanh/sigmoid, backward relu/hardSigmoid', () => {
    // kernel columns z, r, h
    const m = model(
      featureSpec(1, [
        {
          type: 'gru',
          name: 'gru',
          units: 1,
          resetAfter: true,
          direction: 'bidirectional',
          returnSequences: true,
          backward: {
            activation: 'relu',
            recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
          },
        },
      ]),
      both('gru', {
        kernel: { shape: [1, 3], data: [0.5, -0.75, 1] },
        recurrentKernel: { shape: [1, 3], data: [0.25, 0.5, -1.5] },
        bias: { shape: [3], data: [0.125, 0, 0.25] },
      }),
    );
    const step = (gate: (v: number) => number, g: (v: number) => number, x: number, h: number) => {
      const z = gate(0.5 * x + 0.125 + 0.25 * h);
      const r = gate(-0.75 * x + 0.5 * h);
      const candidate = g(1 * x + 0.25 + r * (-1.5 * h));
      return z * h + (1 - z) * candidate;
    };
    const fw0 = step(sig, Math.tanh, xs[0], 0);
    const fw1 = step(sig, Math.tanh, xs[1], fw0);
    const bw1 = step(hardSigmoid, relu, xs[1], 0);
    const bw0 = step(hardSigmoid, relu, xs[0], bw1);
    close(values(runReference(m, input).outputs.y), [fw0, bw0, fw1, bw1]);
  });
});
