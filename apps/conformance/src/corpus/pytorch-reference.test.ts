import { createReferenceBackend } from '@rnnkit/core';
import { runCell } from 'rnnkit';
import { describe, expect, it } from 'vitest';
import { pytorchReferenceCases } from './pytorch-reference.js';

describe('pytorch group', () => {
  const cases = pytorchReferenceCases();

  it('has every PyTorch fixture, with sequence, state outputs and per-layer final state', () => {
    expect(cases.length).toBeGreaterThanOrEqual(11);
    for (const testCase of cases) {
      expect(testCase.source).toBe('pytorch');
      expect(Object.keys(testCase.expected)).toContain(testCase.model.spec.output.name);
      expect(Object.keys(testCase.expectedState ?? {}).length).toBeGreaterThan(0);
    }
    const stacked = cases.find((c) => c.id === 'pytorch-lstm-bidirectional-2-layers-initial-state');
    expect(Object.keys(stacked?.expectedState ?? {})).toEqual(['l0', 'l1']);
    expect(stacked?.expectedState?.l1.c?.shape).toEqual([2, 3, 4]);
  });

  for (const testCase of cases) {
    it(`${testCase.id} passes on the reference executor`, async () => {
      const cell = await runCell(testCase, createReferenceBackend());
      expect(cell.status, JSON.stringify(cell)).toBe('pass');
    });
  }
});
