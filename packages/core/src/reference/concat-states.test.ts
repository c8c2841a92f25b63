/** concatStates on hand-written states, its validation, and through whole models with lengths. */
import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import { initializeWeights } from '../init/initialize-weights.js';
import type { LayerSpec, ModelSpec } from '../spec/types.js';
import { toNumbers } from '../tensor.js';
import { validateSpec } from '../validate/validate-spec.js';
import { runConcatStates } from './concat-states.js';
import { runReference } from './run-reference.js';
import { f32, f64, featureSpec } from './test-support/build.js';
import type { LayerValues } from './values.js';

const ignored: LayerValues = {
  batch: 2,
  time: 3,
  features: 1,
  sequence: false,
  data: Float64Array.of(9, 9),
};

describe('runConcatStates', () => {
  it('lays out listed layers in order, forward before backward, per example', () => {
    // bi: [2 dirs, 2 batch, 2 units]; uni: [1, 2, 1]
    const states = {
      bi: { h: f64([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]) },
      uni: { h: f64([1, 2, 1], [10, 20]), c: f64([1, 2, 1], [-1, -2]) },
    };
    const out = runConcatStates(
      { type: 'concatStates', name: 'cat', kind: 'h', layers: ['uni', 'bi'] },
      states,
      ignored,
    );
    // example 0: uni 10 | bi fw [1,2] | bi bw [5,6]; example 1: 20 | [3,4] | [7,8]
    expect([...out.data]).toEqual([10, 1, 2, 5, 6, 20, 3, 4, 7, 8]);
    expect(out.features).toBe(5);
    expect(out.sequence).toBe(false);
  });
});

const gru = (name: string, extra: Partial<LayerSpec> = {}): LayerSpec =>
  ({ type: 'gru', name, units: 2, resetAfter: true, returnSequences: true, ...extra }) as LayerSpec;

function specError(spec: ModelSpec): RnnkitError {
  try {
    validateSpec(spec);
  } catch (e) {
    if (RnnkitError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected INVALID_SPEC');
}

describe('validating concatStates', () => {
  const cat = (layers: string[], kind: 'h' | 'c' = 'h'): LayerSpec => ({
    type: 'concatStates',
    name: 'cat',
    kind,
    layers,
  });

  it('accepts every recurrent layer, in any order, after the last one (dropout between)', () => {
    const spec = featureSpec(3, [
      gru('a'),
      gru('b', { returnSequences: false }),
      { type: 'dropout', name: 'drop', rate: 0.1 },
      cat(['b', 'a']),
      { type: 'dense', name: 'head', units: 1 },
    ]);
    expect(validateSpec(spec)).toBe(spec);
  });

  it('refuses unknown, non-recurrent, repeated, cell-less and misplaced layers, by path', () => {
    expect(specError(featureSpec(3, [gru('a'), cat(['x'])])).path).toBe('$.layers[1].layers[0]');
    expect(specError(featureSpec(3, [gru('a'), cat(['a', 'a'])])).message).toMatch(/listed twice/);
    expect(specError(featureSpec(3, [gru('a'), cat(['a'], 'c')])).message).toMatch(
      /kind 'c' \(cell state\) needs lstm layers, but 'a' is a gru layer/,
    );
    const dense: LayerSpec = { type: 'dense', name: 'd', units: 2 };
    expect(specError(featureSpec(3, [gru('a'), dense, cat(['a'])])).message).toMatch(
      /right after the last recurrent layer/,
    );
    expect(specError(featureSpec(3, [gru('a'), cat(['a']), gru('b')])).path).toBe(
      '$.layers[2].type',
    );
    expect(specError(featureSpec(3, [gru('a'), cat([])])).path).toBe('$.layers[1].layers');
    expect(
      specError(
        featureSpec(3, [gru('a'), { type: 'concatStates', name: 'c', layers: ['a'] } as never]),
      ).path,
    ).toBe('$.layers[1].kind');
  });
});

describe('concatStates through a model', () => {
  it('gives the final states the run returns, past each example length', () => {
    const spec = featureSpec(
      3,
      [
        {
          type: 'lstm',
          name: 'l0',
          units: 2,
          direction: 'bidirectional',
          returnSequences: true,
          paddedOutputs: 'zero',
        },
        { type: 'lstm', name: 'l1', units: 3, returnSequences: false },
        { type: 'concatStates', name: 'cat', kind: 'c', layers: ['l0', 'l1'] },
      ],
      { sequenceLengths: { name: 'lengths' } },
    );
    const model = { spec: validateSpec(spec), weights: initializeWeights(spec, { seed: 7 }) };
    const x = f32(
      [2, 4, 3],
      Array.from({ length: 24 }, (_, i) => Math.sin(i)),
    );
    const lengths = { dtype: 'int32' as const, shape: [2], data: Int32Array.of(4, 2) };
    const { outputs, state } = runReference(model, { x, lengths });
    expect(outputs.y.shape).toEqual([2, 7]);
    const c0 = toNumbers(state.l0.c as never);
    const c1 = toNumbers(state.l1.c as never);
    // [dirs, batch, units]: example b of l0 is fw c0[b*2..], bw c0[4 + b*2..]; l1 c1[b*3..].
    const expected = [0, 1].flatMap((b) => [
      ...c0.slice(b * 2, b * 2 + 2),
      ...c0.slice(4 + b * 2, 4 + b * 2 + 2),
      ...c1.slice(b * 3, b * 3 + 3),
    ]);
    expect(Array.from(toNumbers(outputs.y))).toEqual(Array.from(expected));
    // The short example's states stopped at its length: running it alone at 2 steps agrees.
    const alone = runReference(model, {
      x: f32([1, 2, 3], Array.from(toNumbers(x)).slice(12, 18)),
    });
    expect(Array.from(toNumbers(alone.outputs.y))).toEqual(
      Array.from(toNumbers(outputs.y)).slice(7),
    );
  });
});
