/**
 * Two properties every backend must share, proven on the oracle first:
 * - streaming: run(x1) then run(x2, { state }) gives exactly run(x1 ++ x2) (forward layers);
 * - padding: a padded step (past its length, or token 0 under maskZero) leaves the state alone,
 *   so a padded example ends where its unpadded self ends, in both directions.
 */
import { describe, expect, it } from 'vitest';
import type { LayerSpec, ModelSpec } from '../spec/types.js';
import type { Tensor } from '../tensor.js';
import { expectedWeights, type Model } from '../weights/canonical.js';
import { runReference } from './run-reference.js';
import { f32, featureSpec, i32, randomNumbers, values } from './test-support/build.js';

function randomModel(spec: ModelSpec, seed: number): Model {
  const weights = new Map();
  for (const [index, { name, shape }] of expectedWeights(spec).entries()) {
    const size = shape.reduce((a, b) => a * b, 1);
    weights.set(name, {
      shape,
      data: Float32Array.from(randomNumbers(size, seed * 100 + index, 0.6)),
    });
  }
  return { spec, weights };
}

/** Steps [from, to) of every example of a [batch, time, size] tensor. */
function timeSlice(tensor: Tensor, from: number, to: number): Tensor {
  const [batch, time, size] = tensor.shape;
  const out: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (let t = from; t < to; t++) {
      for (let k = 0; k < size; k++) out.push(Number(tensor.data[(b * time + t) * size + k]));
    }
  }
  return f32([batch, to - from, size], out);
}

/** Example b of a [batch, ...] tensor, as batch 1. */
function example(tensor: Tensor, b: number): number[] {
  const per = tensor.data.length / tensor.shape[0];
  return Array.from(tensor.data as ArrayLike<number>).slice(b * per, (b + 1) * per);
}

const stacks: [string, LayerSpec[]][] = [
  ['lstm', [{ type: 'lstm', name: 'a', units: 4, returnSequences: true }]],
  [
    'gru resetAfter',
    [
      {
        type: 'gru',
        name: 'a',
        units: 3,
        resetAfter: true,
        recurrentBias: true,
        returnSequences: true,
      },
    ],
  ],
  [
    'gru resetBefore',
    [{ type: 'gru', name: 'a', units: 3, resetAfter: false, returnSequences: true }],
  ],
  ['simpleRnn', [{ type: 'simpleRnn', name: 'a', units: 5, returnSequences: true }]],
  [
    'stacked lstm -> gru -> simpleRnn -> dense',
    [
      { type: 'lstm', name: 'a', units: 4, returnSequences: true },
      { type: 'gru', name: 'b', units: 3, resetAfter: false, returnSequences: true },
      { type: 'simpleRnn', name: 'c', units: 2, returnSequences: true },
      { type: 'dense', name: 'd', units: 2, activation: 'tanh' },
    ],
  ],
];

describe('streaming', () => {
  const x = f32([2, 6, 3], randomNumbers(36, 7, 1.5));
  for (const [label, layers] of stacks) {
    it(`${label}: two calls with state == one call`, () => {
      const model = randomModel(featureSpec(3, layers), 3);
      const whole = runReference(model, { x });
      const first = runReference(model, { x: timeSlice(x, 0, 2) });
      const second = runReference(model, { x: timeSlice(x, 2, 6) }, { state: first.state });
      for (const [name, state] of Object.entries(whole.state)) {
        expect(values(second.state[name].h)).toEqual(values(state.h));
        expect(values(second.state[name].c)).toEqual(values(state.c));
      }
      const y = whole.outputs.y;
      const joined: number[] = [];
      for (let b = 0; b < 2; b++) {
        joined.push(...example(first.outputs.y, b), ...example(second.outputs.y, b));
      }
      // same order of float64 operations either way, so the results are identical, not just close
      expect(joined).toEqual(values(y));
    });
  }

  it('through named stateInputs / stateOutputs (PyTorch h0 = previous h_n)', () => {
    const layers: LayerSpec[] = [
      { type: 'lstm', name: 'l0', units: 3, returnSequences: true },
      { type: 'lstm', name: 'l1', units: 3, returnSequences: true },
    ];
    const spec = featureSpec(3, layers, {
      stateInputs: [
        { name: 'h0', kind: 'h', layers: ['l0', 'l1'] },
        { name: 'c0', kind: 'c', layers: ['l0', 'l1'] },
      ],
      stateOutputs: [
        { name: 'h_n', kind: 'h', layers: ['l0', 'l1'] },
        { name: 'c_n', kind: 'c', layers: ['l0', 'l1'] },
      ],
    });
    const model = randomModel(spec, 5);
    const whole = runReference(model, { x });
    const first = runReference(model, { x: timeSlice(x, 0, 3) });
    const second = runReference(model, {
      x: timeSlice(x, 3, 6),
      h0: first.outputs.h_n,
      c0: first.outputs.c_n,
    });
    expect(second.outputs.h_n.shape).toEqual([2, 2, 3]);
    expect(values(second.outputs.h_n)).toEqual(values(whole.outputs.h_n));
    expect(values(second.outputs.c_n)).toEqual(values(whole.outputs.c_n));
  });
});

describe('padding', () => {
  const directions = ['forward', 'reverse', 'bidirectional'] as const;
  for (const direction of directions) {
    for (const [label, layers] of stacks.slice(0, 4)) {
      it(`${label} ${direction}: lengths leave the state unchanged at padded steps`, () => {
        const layer = { ...layers[0], direction, paddedOutputs: 'zero' } as LayerSpec;
        const spec = featureSpec(3, [layer], { sequenceLengths: { name: 'lengths' } });
        const model = randomModel(spec, 11);
        const x = f32([2, 5, 3], randomNumbers(30, 13, 1.5));
        const lengths = [5, 3];
        const padded = runReference(model, { x, lengths: i32([2], lengths) });
        for (let b = 0; b < 2; b++) {
          // the same example alone, cut to its length: reverse starts at length-1 there by construction
          const alone = runReference(model, {
            x: f32([1, lengths[b], 3], example(timeSlice(x, 0, lengths[b]), b)),
          });
          const units = alone.state.a.h.shape[2];
          const directionsCount = alone.state.a.h.shape[0];
          for (let d = 0; d < directionsCount; d++) {
            const start = (d * 2 + b) * units;
            const paddedH = values(padded.state.a.h).slice(start, start + units);
            const aloneH = values(alone.state.a.h).slice(d * units, (d + 1) * units);
            for (let u = 0; u < units; u++) expect(paddedH[u]).toBeCloseTo(aloneH[u], 14);
          }
          const width = padded.outputs.y.shape[2];
          const paddedSequence = example(padded.outputs.y, b);
          const aloneSequence = values(alone.outputs.y);
          for (let i = 0; i < lengths[b] * width; i++)
            expect(paddedSequence[i]).toBeCloseTo(aloneSequence[i], 14);
          // paddedOutputs 'zero'
          for (let i = lengths[b] * width; i < 5 * width; i++) expect(paddedSequence[i]).toBe(0);
        }
      });
    }
  }

  for (const direction of directions) {
    it(`maskZero ${direction}: token 0 steps are skipped wherever they are`, () => {
      const spec: ModelSpec = {
        format: 'rnnkit-model',
        formatVersion: 1,
        input: { name: 'ids', type: 'tokens' },
        layers: [
          { type: 'embedding', name: 'e', inputDim: 6, outputDim: 3, maskZero: true },
          {
            type: 'gru',
            name: 'a',
            units: 3,
            resetAfter: true,
            direction,
            returnSequences: true,
            paddedOutputs: 'zero',
          },
          { type: 'lstm', name: 'b', units: 2, direction },
        ],
        output: { name: 'y' },
      };
      const model = randomModel(spec, 17);
      const masked = runReference(model, { ids: i32([1, 6], [3, 0, 5, 0, 0, 2]) });
      // The compact sequence: the same model run without the padding tokens at all.
      const compact = runReference(model, { ids: i32([1, 3], [3, 5, 2]) });
      for (const name of ['a', 'b']) {
        const m = values(masked.state[name].h);
        const c = values(compact.state[name].h);
        for (let i = 0; i < c.length; i++) expect(m[i]).toBeCloseTo(c[i], 14);
      }
      const m = values(masked.outputs.y);
      const c = values(compact.outputs.y);
      for (let i = 0; i < c.length; i++) expect(m[i]).toBeCloseTo(c[i], 14);
    });
  }

  // paddedOutputs 'previous' (Keras's plain masked layers): a padded step repeats the output of
  // the last real step read in that direction, 0 before the first one. Expected values are
  // positions of the same run (what that rule says to copy) or hand-known zeros.
  for (const direction of directions) {
    it(`paddedOutputs 'previous' ${direction}: padded steps repeat the last real output`, () => {
      const spec: ModelSpec = {
        format: 'rnnkit-model',
        formatVersion: 1,
        input: { name: 'ids', type: 'tokens' },
        layers: [
          { type: 'embedding', name: 'e', inputDim: 6, outputDim: 3, maskZero: true },
          {
            type: 'lstm',
            name: 'a',
            units: 2,
            direction,
            returnSequences: true,
            paddedOutputs: 'previous',
          },
        ],
        output: { name: 'y' },
      };
      const model = randomModel(spec, 23);
      const ids = [0, 3, 0, 5, 0, 0];
      const run = runReference(model, { ids: i32([1, 6], ids) });
      const zero = runReference(
        { ...model, spec: withPadded(spec, 'zero') },
        { ids: i32([1, 6], ids) },
      );
      const y = values(run.outputs.y);
      const z = values(zero.outputs.y);
      const width = run.outputs.y.shape[2];
      const halves = direction === 'bidirectional' ? [false, true] : [direction === 'reverse'];
      halves.forEach((reverse, half) => {
        const at = (t: number, u: number) => y[t * width + half * 2 + u];
        // The last real step read before t in processing order, or -1.
        const source = (t: number) => {
          const order = reverse ? [5, 4, 3, 2, 1, 0] : [0, 1, 2, 3, 4, 5];
          let last = -1;
          for (const s of order) {
            if (s === t) return last;
            if (ids[s] !== 0) last = s;
          }
          return last;
        };
        for (let t = 0; t < 6; t++) {
          for (let u = 0; u < 2; u++) {
            const real = ids[t] !== 0;
            const from = source(t);
            const want = real ? z[t * width + half * 2 + u] : from < 0 ? 0 : at(from, u);
            expect(at(t, u)).toBe(want);
          }
        }
        // The rule is not vacuous: some padded step of this direction holds a non-zero copy.
        expect([0, 2, 4, 5].some((t) => at(t, 0) !== 0)).toBe(true);
      });
    });
  }
});

function withPadded(spec: ModelSpec, mode: 'zero' | 'previous'): ModelSpec {
  return {
    ...spec,
    layers: spec.layers.map((layer) =>
      layer.type === 'lstm' ? { ...layer, paddedOutputs: mode } : layer,
    ),
  };
}
