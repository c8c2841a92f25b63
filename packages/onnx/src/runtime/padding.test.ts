import { float32Tensor, type PreparedRun, RnnkitError } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { checkSuffixPadding } from './padding.js';
import { featureSpec, tokenSpec } from './test-support/models.js';

const masked = tokenSpec(9, 2, [{ type: 'gru', name: 'g', units: 1, resetAfter: true }], true);

function run(mask: number[], batch: number, h = new Array(batch).fill(0)): PreparedRun {
  const state = { g: { h: float32Tensor([1, batch, 1], h) } };
  return {
    batch,
    time: mask.length / batch,
    mask: Uint8Array.from(mask),
    initialState: state,
    initialState64: state,
  };
}

function refusal(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    if (RnnkitError.isInstance(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return undefined;
}

describe('checkSuffixPadding', () => {
  it('accepts post-padding, no padding, and padding-only examples from a zero state', () => {
    expect(
      refusal(() =>
        checkSuffixPadding(masked, run([1, 1, 0, 1, 1, 1, 0, 0, 0], 3), 'ort-node-cpu'),
      ),
    ).toBeUndefined();
  });

  it('refuses padding before a real step, naming the example', () => {
    expect(
      refusal(() => checkSuffixPadding(masked, run([1, 1, 1, 1, 0, 1], 2), 'ort-node-cpu')),
    ).toMatch(/^UNSUPPORTED_FEATURE: .*ort-node-cpu.*example 1/);
    expect(refusal(() => checkSuffixPadding(masked, run([0, 1], 1), 'ort-node-cpu'))).toMatch(
      /example 0/,
    );
  });

  it('refuses a padding-only example with a non-zero initial state', () => {
    expect(
      refusal(() => checkSuffixPadding(masked, run([1, 0, 0, 0], 2, [0.3, 0.1]), 'x')),
    ).toMatch(/example 1 is padding only/);
    expect(
      refusal(() => checkSuffixPadding(masked, run([1, 0, 0, 0], 2, [0.3, 0]), 'x')),
    ).toBeUndefined();
  });

  it('ignores masks that come from sequence lengths alone (always a suffix)', () => {
    const spec = featureSpec(1, [{ type: 'gru', name: 'g', units: 1, resetAfter: true }]);
    expect(refusal(() => checkSuffixPadding(spec, run([0, 1], 1), 'x'))).toBeUndefined();
  });
});
