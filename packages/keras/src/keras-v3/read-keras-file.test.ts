import { describe, expect, it } from 'vitest';
import { readKerasH5 } from '../h5/read-keras-h5.js';
import { fixtureBytes, independentCase } from '../test-support/fixtures.js';
import { expectClose, runOnReference } from '../test-support/reference.js';
import { readKerasFile, toSnakeCase } from './read-keras-file.js';

const INDEPENDENT = { atol: 1e-6, rtol: 1e-5 };

describe('Keras 3 .keras files', () => {
  it('names weight groups like Keras 3 (snake case of the class)', () => {
    expect(['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional', 'InputLayer'].map(toSnakeCase)).toEqual([
      'simple_rnn',
      'lstm',
      'gru',
      'bidirectional',
      'input_layer',
    ]);
  });

  it('Bidirectional GRU (reset_after, explicit backward layer, sum) + LSTM with Keras 3 hard_sigmoid + Dense', async () => {
    const model = await readKerasFile(fixtureBytes('independent/keras3_bidirectional_gru.keras'));
    expect(model.source).toMatchObject({
      format: 'keras-v3',
      kerasVersion: '3.3.3',
      flavor: 'keras3',
    });
    expect(model.spec.layers[0]).toMatchObject({
      type: 'gru',
      direction: 'bidirectional',
      mergeMode: 'sum',
      resetAfter: true,
      recurrentBias: true,
    });
    expect(model.spec.layers[1]).toMatchObject({
      type: 'lstm',
      recurrentActivation: { name: 'hardSigmoid', alpha: 1 / 6, beta: 0.5 },
    });
    const expected = independentCase('keras3_bidirectional_gru');
    const { output } = await runOnReference(model, expected.input);
    expectClose(
      output.data as Float64Array,
      expected.output.data,
      INDEPENDENT,
      'keras3 bidirectional',
    );
  });

  it('Embedding with mask_zero: padded steps carry the state', async () => {
    const model = await readKerasFile(fixtureBytes('independent/keras3_embedding_mask.keras'));
    expect(model.spec.input).toMatchObject({ type: 'tokens', name: 'input_layer' });
    expect(model.spec.layers[0]).toMatchObject({ type: 'embedding', maskZero: true });
    const expected = independentCase('keras3_embedding_mask');
    const { output } = await runOnReference(model, expected.input);
    expectClose(output.data as Float64Array, expected.output.data, INDEPENDENT, 'keras3 mask');
  });

  it('Keras 3 legacy .h5 of the same model gives the same outputs', async () => {
    const model = await readKerasH5(fixtureBytes('independent/keras3_legacy.h5'));
    expect(model.source.flavor).toBe('keras3');
    const expected = independentCase('keras3_legacy');
    const { output } = await runOnReference(model, expected.input);
    expectClose(output.data as Float64Array, expected.output.data, INDEPENDENT, 'keras3 legacy h5');
  });

  it('a truncated .keras file is MODEL_FORMAT', async () => {
    const bytes = fixtureBytes('independent/keras3_embedding_mask.keras');
    for (const size of [3, 100, bytes.length / 2, bytes.length - 10]) {
      await expect(readKerasFile(bytes.subarray(0, Math.floor(size)))).rejects.toMatchObject({
        code: 'MODEL_FORMAT',
      });
    }
  });
});
