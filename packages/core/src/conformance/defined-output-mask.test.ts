import { describe, expect, it } from 'vitest';
import type { RunResult } from '../backend.js';
import { prepareRunInputs } from '../run/prepare-inputs.js';
import type { ModelSpec } from '../spec/types.js';
import { float32Tensor, int32Tensor } from '../tensor.js';
import { compareRunResult } from './compare-run-result.js';
import type { ConformanceCase } from './conformance-case.js';
import { definedOutputMask } from './defined-output-mask.js';

function tokensModel(maskZero: boolean, returnSequences: boolean, lengths: boolean): ModelSpec {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'tokens', type: 'tokens' },
    ...(lengths ? { sequenceLengths: { name: 'lengths' } } : {}),
    layers: [
      { type: 'embedding', name: 'embedding', inputDim: 5, outputDim: 2, maskZero },
      { type: 'gru', name: 'gru', units: 2, resetAfter: true, returnSequences },
      { type: 'dense', name: 'dense', units: 3 },
    ],
    output: { name: 'y' },
    stateOutputs: [{ name: 'hn', kind: 'h', layers: ['gru'] }],
  };
}

const tokens = int32Tensor([2, 4], [1, 0, 2, 3, 4, 4, 0, 0]);

describe('definedOutputMask', () => {
  it('marks token 0 under maskZero (hand-written expectation)', () => {
    expect(definedOutputMask(tokensModel(true, true, false), { tokens })).toEqual(
      new Uint8Array([1, 0, 1, 1, 1, 1, 0, 0]),
    );
  });

  it('marks steps at or past the sequence length', () => {
    const lengths = int32Tensor([2], [3, 1]);
    expect(definedOutputMask(tokensModel(false, true, true), { tokens, lengths })).toEqual(
      new Uint8Array([1, 1, 1, 0, 1, 0, 0, 0]),
    );
    // Both rules together.
    expect(definedOutputMask(tokensModel(true, true, true), { tokens, lengths })).toEqual(
      new Uint8Array([1, 0, 1, 0, 1, 0, 0, 0]),
    );
  });

  it('is undefined when nothing is padded or the output has no time axis', () => {
    expect(definedOutputMask(tokensModel(false, true, false), { tokens })).toBeUndefined();
    expect(definedOutputMask(tokensModel(true, false, false), { tokens })).toBeUndefined();
    const full = int32Tensor([2], [4, 4]);
    expect(
      definedOutputMask(tokensModel(false, true, true), { tokens, lengths: full }),
    ).toBeUndefined();
  });

  it('finds the data input under another name and handles features models', () => {
    const spec: ModelSpec = {
      format: 'rnnkit-model',
      formatVersion: 1,
      input: { name: 'x', type: 'features', size: 1 },
      sequenceLengths: { name: 'lengths' },
      layers: [{ type: 'simpleRnn', name: 'rnn', units: 1, returnSequences: true }],
      output: { name: 'y' },
    };
    const mask = definedOutputMask(spec, {
      other: float32Tensor([1, 3, 1]),
      lengths: int32Tensor([1], [2]),
    });
    expect(mask).toEqual(new Uint8Array([1, 1, 0]));
  });

  it('agrees with prepareRunInputs and accepts a PreparedRun', () => {
    const spec = tokensModel(true, true, true);
    const inputs = { tokens, lengths: int32Tensor([2], [4, 2]) };
    const prepared = prepareRunInputs(spec, inputs);
    expect(definedOutputMask(spec, inputs)).toEqual(prepared.mask);
    expect(definedOutputMask(spec, prepared)).toBe(prepared.mask);
  });

  it('rejects lengths of the wrong shape', () => {
    expect(() =>
      definedOutputMask(tokensModel(false, true, true), {
        tokens,
        lengths: int32Tensor([3], [1, 1, 1]),
      }),
    ).toThrow(/must have shape \[2\]/);
  });
});

describe('compareRunResult', () => {
  const spec = tokensModel(true, true, false);
  const testCase: ConformanceCase = {
    id: 'masked-gru',
    description: 'masked steps are compared',
    model: { spec, weights: new Map() },
    inputs: { tokens: int32Tensor([1, 2], [3, 0]) },
    expected: {
      y: float32Tensor([1, 2, 3], [1, 2, 3, 0, 0, 0]),
      hn: float32Tensor([1, 1, 2], [0.5, 0.25]),
    },
    expectedState: { gru: { h: float32Tensor([1, 1, 2], [0.5, 0.25]) } },
    source: 'hand',
  };

  it('compares the masked step too (paddedOutputs defines it) and checks states', () => {
    const result: RunResult = {
      outputs: {
        y: float32Tensor([1, 2, 3], [1, 2, 3, 0, 0, 0]),
        hn: float32Tensor([1, 1, 2], [0.5, 0.25]),
      },
      state: { gru: { h: float32Tensor([1, 1, 2], [0.5, 0.25]) } },
    };
    const comparison = compareRunResult(testCase, result, 'tfjs-cpu');
    expect(comparison.pass).toBe(true);
    expect(comparison.results.map((r) => r.name)).toEqual(['y', 'hn', 'state.gru.h']);
    expect(comparison.results[0].comparison.checked).toBe(6);
    const wrongPadding = {
      ...result,
      outputs: { ...result.outputs, y: float32Tensor([1, 2, 3], [1, 2, 3, 7, 7, 7]) },
    };
    expect(compareRunResult(testCase, wrongPadding, 'tfjs-cpu').pass).toBe(false);
  });

  it('fails on a wrong value, a missing output and a missing state', () => {
    const result: RunResult = {
      outputs: { y: float32Tensor([1, 2, 3], [1, 2, 3.1, 0, 0, 0]) },
      state: {},
    };
    const comparison = compareRunResult(testCase, result, 'tfjs-webgl');
    expect(comparison.pass).toBe(false);
    expect(
      comparison.results.map((r) => [r.name, r.comparison.pass, r.comparison.problem]),
    ).toEqual([
      ['y', false, undefined],
      ['hn', false, 'missing from the outputs'],
      ['state.gru.h', false, 'missing from the final state'],
    ]);
  });
});
