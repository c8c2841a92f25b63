/**
 * The Keras idioms of issue 13 on real Keras 2 files and on Keras 3 files written in Keras 3's
 * layout, each against an independent PyTorch float64 run of Keras's maths
 * (__fixtures__/independent/make_idioms.py), at every output position, padded ones included.
 */
import { describe, expect, it } from 'vitest';
import { importKeras } from './import-keras.js';
import { fixtureBytes, independentCase } from './test-support/fixtures.js';
import { expectClose, runOnReference } from './test-support/reference.js';

const FLOAT64 = { atol: 1e-9, rtol: 1e-7 };

async function importCase(name: string) {
  const { source } = independentCase(name);
  const path = source.startsWith('keras3_') ? `independent/${source}` : `real/${source}`;
  const fileName = source.slice(source.lastIndexOf('/') + 1);
  return importKeras({ [fileName]: fixtureBytes(path) });
}

async function expectMatches(name: string) {
  const model = await importCase(name);
  const expected = independentCase(name);
  const { output } = await runOnReference(model, expected.input);
  expect(output.shape).toEqual(expected.output.shape);
  expectClose(output.data as Float64Array, expected.output.data, FLOAT64, name);
  return model;
}

describe('Keras Masking on float inputs', () => {
  it('real Keras 2 file, mask_value 0, post-padded: input.maskValue', async () => {
    const model = await expectMatches('masking_zero_lstm');
    expect(model.spec.input).toEqual({
      name: 'masking_1_input',
      type: 'features',
      size: 42,
      timeSteps: 10,
      maskValue: 0,
    });
    expect(model.spec.layers.map((layer) => layer.type)).toEqual(['lstm']);
  });

  it('real Keras 2 file, mask_value 2, masked steps inside the sequence', async () => {
    const model = await expectMatches('masking_two_lstm');
    expect(model.spec.input).toMatchObject({ maskValue: 2 });
  });

  it('Keras 3: Masking > GRU(return_sequences) > GlobalAveragePooling1D over real steps', async () => {
    const model = await expectMatches('keras3_masking_gru_pooling');
    expect(model.spec.layers[0]).toMatchObject({ type: 'gru', paddedOutputs: 'previous' });
    expect(model.spec.layers[1]).toMatchObject({ type: 'pooling', mode: 'mean', steps: 'real' });
  });

  it('Keras 3: Masking > LSTM(return_sequences) > TimeDistributed(Dense softmax), every position', async () => {
    const model = await expectMatches('keras3_masking_time_distributed');
    expect(model.spec.layers[1]).toMatchObject({ type: 'dense', activation: 'softmax' });
  });

  it("Keras 3: a plain SimpleRNN saved with zero_output_for_mask=True gets paddedOutputs 'zero'", async () => {
    const model = await expectMatches('keras3_masking_zero_output');
    expect(model.spec.layers[0]).toMatchObject({ type: 'simpleRnn', paddedOutputs: 'zero' });
  });

  it('a Masking that is not the first layer is refused by name', async () => {
    const { readKerasFile } = await import('./keras-v3/read-keras-file.js');
    const { unzipSync, zipSync } = await import('fflate');
    const files = unzipSync(fixtureBytes('independent/keras3_masking_gru_pooling.keras'));
    const config = JSON.parse(new TextDecoder().decode(files['config.json']));
    const layers = config.config.layers;
    [layers[1], layers[2]] = [layers[2], layers[1]];
    files['config.json'] = new TextEncoder().encode(JSON.stringify(config));
    await expect(readKerasFile(zipSync(files))).rejects.toMatchObject({
      code: 'UNSUPPORTED_FEATURE',
      message: expect.stringMatching(/Masking 'masking': a Masking layer must be the first layer/),
    });
  });
});

describe('Keras 3 pooling, TimeDistributed and Bidirectional with a mask', () => {
  for (const name of [
    'keras3_global_max_mask',
    'keras3_global_average_no_mask',
    'keras3_global_max_no_mask',
    'keras3_bidirectional_mask_sequences',
  ]) {
    it(name, async () => {
      await expectMatches(name);
    });
  }
});

describe('Keras Activation after a recurrent layer', () => {
  it('Keras 3: GRU(return_sequences) > Activation(relu) is an activation layer', async () => {
    const model = await expectMatches('keras3_activation_after_gru');
    expect(model.spec.layers[1]).toEqual({
      type: 'activation',
      name: 'activation',
      activation: 'relu',
    });
  });

  // tf.keras 2.2.4 files: (Bidirectional) SimpleRNN / LSTM, sequences or last step, then relu;
  // 24, 25, 28, 29 stack two such pairs.
  for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 24, 25, 28, 29]) {
    it(`real tf.keras 2.2.4 rnn_${i}.h5`, async () => {
      const model = await expectMatches(`rnn_suite_${i}`);
      expect(model.spec.layers.some((layer) => layer.type === 'activation')).toBe(true);
    });
  }
});

describe('Keras go_backwards=True with return_sequences=True', () => {
  it("Keras 3: LSTM(go_backwards, return_sequences) > Dense: sequenceOrder 'processing'", async () => {
    const model = await expectMatches('keras3_go_backwards_sequences');
    expect(model.spec.layers[0]).toMatchObject({
      type: 'lstm',
      direction: 'reverse',
      returnSequences: true,
      sequenceOrder: 'processing',
    });
  });
});
