// Hand-counted FLOPs: LSTM 64->128 has 4 gates, so per step and example
// 2 * (64*512 + 128*512) = 196608 FLOPs; bidirectional doubles it.
import { validateSpec } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { recurrentFlops } from './flops.js';

const lstm = (direction: 'forward' | 'bidirectional') =>
  validateSpec({
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size: 64 },
    layers: [{ type: 'lstm', name: 'l', units: 128, direction }],
    output: { name: 'y' },
  });

describe('recurrentFlops', () => {
  it('counts input and recurrent products, 2 FLOPs per MAC', () => {
    expect(recurrentFlops(lstm('forward'), 1, 1)).toBe(196608);
    expect(recurrentFlops(lstm('forward'), 32, 100)).toBe(196608 * 3200);
    expect(recurrentFlops(lstm('bidirectional'), 1, 1)).toBe(2 * 196608);
  });
});
