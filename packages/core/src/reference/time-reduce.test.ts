/** selectStep and pooling on hand-written values, and through a whole model with lengths. */
import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import type { ModelSpec } from '../spec/types.js';
import { validateSpec } from '../validate/validate-spec.js';
import { runReference } from './run-reference.js';
import { f32, featureSpec, i32, values } from './test-support/build.js';
import { runPooling, runSelectStep } from './time-reduce.js';
import type { LayerValues } from './values.js';

// batch 2, time 3, features 2: example 0 rows [1,2] [3,-4] [5,0]; example 1 rows [-1,7] [0,0] [2,2]
const sequence: LayerValues = {
  batch: 2,
  time: 3,
  features: 2,
  sequence: true,
  data: Float64Array.from([1, 2, 3, -4, 5, 0, -1, 7, 0, 0, 2, 2]),
};
// example 0: steps 0, 1 real; example 1: no real step
const mask = Uint8Array.from([1, 1, 0, 0, 0, 0]);

describe('selectStep', () => {
  it('takes one position, negative indices from the end', () => {
    const last = runSelectStep({ type: 'selectStep', name: 's', index: -1 }, sequence);
    expect([...last.data]).toEqual([5, 0, 2, 2]);
    const first = runSelectStep({ type: 'selectStep', name: 's', index: 0 }, sequence);
    expect([...first.data]).toEqual([1, 2, -1, 7]);
    expect(last.sequence).toBe(false);
  });

  it('refuses an index the run does not have, and one a fixed length cannot have', () => {
    const spec = featureSpec(2, [
      { type: 'simpleRnn', name: 'rnn', units: 2, returnSequences: true },
      { type: 'selectStep', name: 'last', index: -4 },
    ]);
    const weights = new Map([
      ['rnn/kernel', { shape: [2, 2], data: new Float32Array(4) }],
      ['rnn/recurrentKernel', { shape: [2, 2], data: new Float32Array(4) }],
      ['rnn/bias', { shape: [2], data: new Float32Array(2) }],
    ]);
    const error = (() => {
      try {
        runReference({ spec, weights }, { x: f32([1, 3, 2], [0, 0, 0, 0, 0, 0]) });
      } catch (e) {
        return e as RnnkitError;
      }
    })();
    expect(RnnkitError.isInstance(error)).toBe(true);
    expect(error?.code).toBe('INVALID_INPUT');
    expect(error?.message).toMatch(/selects step -4.*3 steps/);
    expect(() => validateSpec({ ...spec, input: { ...spec.input, timeSteps: 3 } })).toThrow(
      /\$\.layers\[1\]\.index: expected a step in \[-3, 2\]/,
    );
  });
});

describe('pooling', () => {
  it('mean and max over every position', () => {
    const mean = runPooling(
      { type: 'pooling', name: 'p', mode: 'mean', steps: 'all' },
      sequence,
      mask,
    );
    expect([...mean.data]).toEqual([3, -2 / 3, 1 / 3, 3]);
    const max = runPooling(
      { type: 'pooling', name: 'p', mode: 'max', steps: 'all' },
      sequence,
      mask,
    );
    expect([...max.data]).toEqual([5, 2, 2, 7]);
  });

  it('mean and max over real steps; none real gives 0', () => {
    const mean = runPooling(
      { type: 'pooling', name: 'p', mode: 'mean', steps: 'real' },
      sequence,
      mask,
    );
    expect([...mean.data]).toEqual([2, -1, 0, 0]);
    const max = runPooling(
      { type: 'pooling', name: 'p', mode: 'max', steps: 'real' },
      sequence,
      mask,
    );
    expect([...max.data]).toEqual([3, 2, 0, 0]);
  });

  it('through a model: real-step mean = the mean of the outputs up to each length', () => {
    const layers = (steps: 'all' | 'real'): ModelSpec['layers'] => [
      {
        type: 'simpleRnn',
        name: 'rnn',
        units: 1,
        returnSequences: true,
        paddedOutputs: 'previous',
      },
      { type: 'pooling', name: 'pool', mode: 'mean', steps },
    ];
    // h' = x (kernel 1, recurrent 0, no bias, linear): outputs are the inputs, held after the length.
    const weights = new Map([
      ['rnn/kernel', { shape: [1, 1], data: Float32Array.from([1]) }],
      ['rnn/recurrentKernel', { shape: [1, 1], data: Float32Array.from([0]) }],
      ['rnn/bias', { shape: [1], data: Float32Array.from([0]) }],
    ]);
    const inputs = { x: f32([2, 4, 1], [1, 2, 3, 4, 8, 6, 5, 5]), lengths: i32([2], [4, 2]) };
    const run = (steps: 'all' | 'real') => {
      const spec = featureSpec(1, layers(steps), { sequenceLengths: { name: 'lengths' } });
      for (const layer of spec.layers) if (layer.type === 'simpleRnn') layer.activation = 'linear';
      return values(runReference({ spec, weights }, inputs).outputs.y);
    };
    expect(run('real')).toEqual([2.5, 7]);
    // 'previous' holds 6 at the two padded steps: (8 + 6 + 6 + 6) / 4
    expect(run('all')).toEqual([2.5, 6.5]);
  });
});
