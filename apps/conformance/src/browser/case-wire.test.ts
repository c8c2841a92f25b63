import { casesFromWire, casesToWire } from 'rnnkit';
import { describe, expect, it } from 'vitest';
import { generatedCases } from '../corpus/generated.js';

describe('case wire format', () => {
  it('carries models, inputs and expected values into the page bit for bit', () => {
    const cases = generatedCases(12);
    const back = casesFromWire(casesToWire(cases));
    expect(back).toHaveLength(cases.length);
    back.forEach((received, index) => {
      const sent = cases[index];
      expect(received.model.spec).toEqual(sent.model.spec);
      expect(received.model.weights).toBeInstanceOf(Map);
      for (const [name, weight] of sent.model.weights) {
        expect(received.model.weights.get(name)?.data).toEqual(weight.data);
      }
      for (const [name, tensor] of Object.entries(sent.inputs)) {
        expect(received.inputs[name].data).toBeInstanceOf(tensor.data.constructor);
        expect(received.inputs[name]).toEqual(tensor);
      }
      expect(received.expected).toEqual(sent.expected);
    });
  });
});
