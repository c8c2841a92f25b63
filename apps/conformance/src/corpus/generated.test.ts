import { createReferenceBackend, validateModel } from '@rnnkit/core';
import { runCell } from 'rnnkit';
import { describe, expect, it } from 'vitest';
import { generatedCases } from './generated.js';

describe('generated cases', () => {
  it('are rebuilt identically from their seed', () => {
    const first = generatedCases(30, 7);
    const second = generatedCases(30, 7);
    expect(second.map((c) => c.model.spec)).toEqual(first.map((c) => c.model.spec));
    expect(second.map((c) => c.expected)).toEqual(first.map((c) => c.expected));
  });

  it('differ between seeds', () => {
    expect(generatedCases(5, 1).map((c) => c.model.spec)).not.toEqual(
      generatedCases(5, 2).map((c) => c.model.spec),
    );
  });

  it('cover every layer type, direction, merge mode and model-level feature', () => {
    const specs = generatedCases(200).map((c) => c.model.spec);
    const layers = specs.flatMap((spec) => spec.layers);
    const seen = new Set(
      layers.map((layer) =>
        'direction' in layer
          ? `${layer.type}:${layer.direction ?? 'forward'}:${layer.mergeMode ?? ''}`
          : layer.type,
      ),
    );
    for (const type of ['simpleRnn', 'lstm', 'gru']) {
      for (const direction of ['forward', 'reverse'])
        expect(seen).toContain(`${type}:${direction}:`);
      for (const merge of ['concat', 'sum', 'ave', 'mul'])
        expect(seen).toContain(`${type}:bidirectional:${merge}`);
    }
    for (const type of ['embedding', 'dense', 'dropout']) expect(seen).toContain(type);
    expect(layers.some((l) => l.type === 'lstm' && l.peepholes)).toBe(true);
    expect(layers.some((l) => l.type === 'gru' && l.resetAfter)).toBe(true);
    expect(layers.some((l) => l.type === 'gru' && !l.resetAfter)).toBe(true);
    expect(layers.some((l) => l.type === 'embedding' && l.maskZero)).toBe(true);
    expect(specs.some((s) => s.sequenceLengths)).toBe(true);
    expect(specs.some((s) => s.stateInputs)).toBe(true);
    expect(specs.some((s) => s.stateOutputs)).toBe(true);
  });

  it('are valid models that pass on the reference executor', async () => {
    const reference = createReferenceBackend();
    for (const testCase of generatedCases(20)) {
      validateModel(testCase.model);
      expect((await runCell(testCase, reference)).status).toBe('pass');
    }
  });
});
