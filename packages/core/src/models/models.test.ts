import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import { outputShape } from '../spec/resolve.js';
import { validateSpec } from '../validate/validate-spec.js';
import { expectedWeights } from '../weights/canonical.js';
import { charRnnSpec } from './char-rnn.js';
import { gruLanguageModelSpec } from './gru-language-model.js';
import { sentimentLstmSpec } from './sentiment-lstm.js';

function parameterCount(spec: Parameters<typeof expectedWeights>[0]): number {
  return expectedWeights(spec).reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
}

function shapes(spec: Parameters<typeof expectedWeights>[0]): Record<string, number[]> {
  return Object.fromEntries(expectedWeights(spec).map((w) => [w.name, w.shape]));
}

describe('charRnnSpec', () => {
  it('is valid JSON that survives a round trip', () => {
    const spec = charRnnSpec();
    expect(validateSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });
  it('matches nn.RNN(10, 20) + nn.Linear(20, 5)', () => {
    const spec = charRnnSpec();
    expect(spec.input).toEqual({ name: 'input', type: 'features', size: 10 });
    expect(outputShape(spec)).toEqual([-1, 5]);
    expect(shapes(spec)).toEqual({
      'rnn/kernel': [10, 20],
      'rnn/recurrentKernel': [20, 20],
      'rnn/bias': [20],
      'rnn/recurrentBias': [20],
      'fc/kernel': [20, 5],
      'fc/bias': [5],
    });
    // PyTorch: RNN 10*20 + 20*20 + 20 + 20 = 640, Linear 20*5 + 5 = 105.
    expect(parameterCount(spec)).toBe(745);
  });
  it('takes size options', () => {
    const spec = charRnnSpec({ inputSize: 3, hiddenSize: 4, outputSize: 2 });
    expect(parameterCount(spec)).toBe(3 * 4 + 4 * 4 + 4 + 4 + 4 * 2 + 2);
  });
});

describe('sentimentLstmSpec', () => {
  it('matches the Keras model summary with the documented defaults', () => {
    const spec = sentimentLstmSpec();
    expect(spec.layers.map((l) => l.type)).toEqual(['embedding', 'lstm', 'dense']);
    expect(outputShape(spec)).toEqual([-1, 1]);
    const s = shapes(spec);
    expect(s['embedding/embeddings']).toEqual([10000, 64]);
    expect(s['lstm/kernel']).toEqual([64, 512]);
    expect(s['lstm/recurrentKernel']).toEqual([128, 512]);
    expect(s['lstm/recurrentBias']).toBeUndefined();
    // Keras summary: Embedding 640,000; LSTM 4*(64*128 + 128*128 + 128) = 98,816; Dense 129.
    expect(parameterCount(spec)).toBe(640000 + 98816 + 129);
    expect(spec.layers[2]).toMatchObject({ activation: 'sigmoid' });
  });
  it('takes options', () => {
    const spec = sentimentLstmSpec({
      vocabularySize: 50,
      embeddingDim: 8,
      units: 16,
      maskZero: true,
    });
    expect(spec.layers[0]).toMatchObject({ inputDim: 50, outputDim: 8, maskZero: true });
    expect(spec.layers[1]).toMatchObject({ units: 16 });
  });
  it('refuses bad sizes with a spec error', () => {
    expect(() => sentimentLstmSpec({ units: 0 })).toThrow(RnnkitError);
    expect(() => sentimentLstmSpec({ units: 0 })).toThrow(
      /\$\.layers\[1\]\.units: expected a positive integer, found 0/,
    );
  });
});

describe('gruLanguageModelSpec', () => {
  it('matches the Keras TF2 GRU model summary', () => {
    const spec = gruLanguageModelSpec();
    expect(spec.layers[1]).toMatchObject({
      type: 'gru',
      units: 128,
      resetAfter: true,
      returnSequences: true,
    });
    expect(outputShape(spec)).toEqual([-1, -1, 10000]);
    const s = shapes(spec);
    expect(s['gru/bias']).toEqual([384]);
    expect(s['gru/recurrentBias']).toEqual([384]);
    // Keras summary: GRU(reset_after) 3*(64*128 + 128*128 + 2*128) = 74,496; Dense 128*V + V.
    expect(parameterCount(spec)).toBe(640000 + 74496 + 1290000);
  });
  it('takes options', () => {
    const spec = gruLanguageModelSpec({ vocabularySize: 30, embeddingDim: 5, units: 7 });
    expect(outputShape(spec)).toEqual([-1, -1, 30]);
    expect(parameterCount(spec)).toBe(30 * 5 + 3 * (5 * 7 + 7 * 7 + 2 * 7) + 7 * 30 + 30);
  });
});
