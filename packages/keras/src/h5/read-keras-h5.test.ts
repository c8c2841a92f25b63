import { describe, expect, it } from 'vitest';
import {
  fixtureBytes,
  fixtureList,
  fixtureText,
  independentCase,
} from '../test-support/fixtures.js';
import { readH5Group } from '../test-support/h5-arrays.js';
import { readNpy } from '../test-support/npy.js';
import { expectClose, runOnReference } from '../test-support/reference.js';
import { readKerasH5 } from './read-keras-h5.js';

const RECORDED = { atol: 1e-5, rtol: 1e-4 }; // Keras ran in float32
const INDEPENDENT = { atol: 1e-6, rtol: 1e-5 }; // PyTorch float64 on the same float32 weights

describe('Keras .h5 files with outputs recorded by Keras', () => {
  const cases = [
    ['h5_dl4j_simple_lstm_tf_keras_1_with_outputs', 'simple_lstm_tf_keras_1'],
    ['h5_dl4j_simple_lstm_th_keras_1_with_outputs', 'simple_lstm_th_keras_1'],
    ['h5_dl4j_simple_rnn_tf_keras_2_with_outputs', 'simple_rnn_tf_keras_2'],
    ['h5_dl4j_simple_flatten_lstm_tf_keras_2_with_outputs', 'simple_flatten_lstm_tf_keras_2'],
  ] as const;
  for (const [folder, base] of cases) {
    for (const variant of ['model', 'weights'] as const) {
      it(`${base} (${variant === 'model' ? 'full model' : 'weights + config'}) reproduces Keras's predictions`, async () => {
        const config =
          variant === 'weights' ? fixtureText(`real/${folder}/${base}_config.json`) : undefined;
        const model = await readKerasH5(fixtureBytes(`real/${folder}/${base}_${variant}.h5`), {
          config,
        });
        const recorded = fixtureBytes(`real/${folder}/${base}_inputs_and_outputs.h5`);
        const inputs = Object.values(await readH5Group(recorded, 'inputs'));
        const predictions = await readH5Group(recorded, 'predictions');
        const { output } = await runOnReference(model, inputs[0]);
        expect(output.shape).toEqual(predictions[model.spec.output.name].shape);
        expectClose(
          output.data as Float64Array,
          predictions[model.spec.output.name].data,
          RECORDED,
          base,
        );
      });
    }
  }

  it('reads Keras 1 per-gate LSTM weights and inner_activation as hard sigmoid 0.2', async () => {
    const folder = 'h5_dl4j_simple_lstm_tf_keras_1_with_outputs';
    const model = await readKerasH5(fixtureBytes(`real/${folder}/simple_lstm_tf_keras_1_model.h5`));
    expect(model.source.flavor).toBe('keras1');
    expect(model.spec.layers[0]).toMatchObject({
      type: 'lstm',
      units: 50,
      recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
    });
    expect(model.weights.get('lstm_1/kernel')?.shape).toEqual([1, 200]);
  });
});

describe('Theano Keras 2 LSTM stack (weights + config) against its recorded predictions.npy', () => {
  it('matches all 283 predictions over 4 steps', async () => {
    const folder = 'real/h5_dl4j_fullconfig_lstm_theano_with_predictions';
    const model = await readKerasH5(fixtureBytes(`${folder}/lstm_th_keras_2_weights.h5`), {
      config: fixtureText(`${folder}/lstm_th_keras_2_config.json`),
    });
    const expected = readNpy(fixtureBytes(`${folder}/predictions.npy`));
    const count = expected.shape[0];
    const data: number[] = [];
    for (let i = 0; i < count; i++) {
      const rows = fixtureText(`${folder}/data/sequences/${i}.csv`).trim().split('\n');
      for (const row of rows) data.push(...row.split(';').slice(0, 12).map(Number));
    }
    const { output } = await runOnReference(model, { shape: [count, 4, 12], data });
    expect(output.shape).toEqual([count, 1]);
    expectClose(output.data as Float64Array, expected.data, RECORDED, 'theano predictions');
  });
});

describe('Keras .h5 files without recorded outputs, against an independent PyTorch implementation', () => {
  const cases = fixtureList('independent/')
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.replace(/\.json$/, ''))
    .filter((name) => !name.startsWith('tfjs_') && !name.startsWith('keras3_'));
  for (const name of cases) {
    it(name, async () => {
      const expected = independentCase(name);
      const model = await readKerasH5(fixtureBytes(`real/${expected.source}`), {
        fileName: expected.source,
      });
      const { output } = await runOnReference(model, expected.input);
      expect(output.shape).toEqual(expected.output.shape);
      expectClose(output.data as Float64Array, expected.output.data, INDEPENDENT, name);
    });
  }

  it('maps GRU reset_after=True to resetAfter with the [2, 3u] bias split in two', async () => {
    const model = await readKerasH5(
      fixtureBytes('real/h5_keras2.3tf_alexm_gru_reset_after/gru_model.h5'),
    );
    expect(model.spec.layers[0]).toMatchObject({
      type: 'gru',
      resetAfter: true,
      recurrentBias: true,
    });
    expect(model.weights.get('gru/recurrentBias')?.shape).toEqual([150]);
  });

  it('a Keras 2.1 GRU config without reset_after means resetAfter false', async () => {
    const model = await readKerasH5(fixtureBytes('real/h5_dl4j_tfkeras2.2.4_rnn_suite/rnn_12.h5'));
    expect(model.spec.layers[0].type).toBe('lstm');
    const bidirectional = await readKerasH5(
      fixtureBytes(
        'real/h5_dl4j_small_rnn_layers_keras1_keras2/bidirectional_lstm_tensorflow_1.h5',
      ),
    );
    expect(bidirectional.spec.layers[0]).toMatchObject({
      type: 'lstm',
      direction: 'bidirectional',
      returnSequences: true,
    });
  });
});

describe('Keras .h5 files outside the spec are refused precisely', () => {
  const refused: [string, RegExp][] = [
    [
      'h5_dl4j_simple_flatten_rnn_tf_keras_2_with_outputs/simple_flatten_rnn_tf_keras_2_model.h5',
      /Flatten 'flatten_1'/,
    ],
    ['h5_dl4j_tfkeras2.2.4_rnn_suite/rnn_34.h5', /RepeatVector 'repeat_vector_4'/],
  ];
  for (const [path, message] of refused) {
    it(path, async () => {
      await expect(readKerasH5(fixtureBytes(`real/${path}`))).rejects.toMatchObject({
        code: 'UNSUPPORTED_FEATURE',
        message: expect.stringMatching(message),
      });
    });
  }

  it('every file of the tf.keras 2.2.4 suite either imports or names the layer it refuses', async () => {
    for (const file of fixtureList('real/h5_dl4j_tfkeras2.2.4_rnn_suite/').filter((name) =>
      name.endsWith('.h5'),
    )) {
      try {
        await readKerasH5(fixtureBytes(`real/h5_dl4j_tfkeras2.2.4_rnn_suite/${file}`));
      } catch (error) {
        expect(error).toMatchObject({
          code: 'UNSUPPORTED_FEATURE',
          message: expect.stringMatching(/Keras layer (Activation|RepeatVector) '/),
        });
      }
    }
  });
});

describe('bad .h5 input', () => {
  const good = () => fixtureBytes('real/h5_dl4j_functional_lstm/lstm_functional_tf_keras_2.h5');

  it('refuses a truncated file before HDF5 reads it', async () => {
    for (const size of [10, 100, 2000, good().length - 1]) {
      await expect(readKerasH5(good().subarray(0, size))).rejects.toMatchObject({
        code: 'MODEL_FORMAT',
      });
    }
  });

  it('refuses bytes that are not HDF5', async () => {
    await expect(
      readKerasH5(new TextEncoder().encode('{"class_name": "Sequential"}')),
    ).rejects.toMatchObject({
      code: 'MODEL_FORMAT',
      message: expect.stringMatching(/not an HDF5 file/),
    });
  });

  it('refuses corrupted bytes inside a whole-length file with an error, not a crash', async () => {
    const bytes = good();
    for (let i = 800; i < bytes.length; i += 97) bytes[i] ^= 0x5a;
    await expect(readKerasH5(bytes)).rejects.toMatchObject({ name: 'RnnkitError' });
  });

  it('asks for the config of a weights-only file', async () => {
    const bytes = fixtureBytes(
      'real/h5_dl4j_fullconfig_lstm_theano_with_predictions/lstm_th_keras_2_weights.h5',
    );
    await expect(readKerasH5(bytes)).rejects.toMatchObject({
      code: 'MODEL_FORMAT',
      message: expect.stringMatching(/options.config/),
    });
  });

  it('refuses a config with an unknown layer, naming it', async () => {
    const folder = 'real/h5_dl4j_simple_lstm_tf_keras_2_with_outputs';
    const config = JSON.parse(fixtureText(`${folder}/simple_lstm_tf_keras_2_config.json`));
    config.config.push({ class_name: 'MyCustomLayer', config: { name: 'custom_1' } });
    await expect(
      readKerasH5(fixtureBytes(`${folder}/simple_lstm_tf_keras_2_weights.h5`), { config }),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED_FEATURE',
      message: expect.stringMatching(/MyCustomLayer 'custom_1'/),
    });
  });

  it('refuses weights that disagree with the config', async () => {
    const folder = 'real/h5_dl4j_simple_lstm_tf_keras_2_with_outputs';
    const config = JSON.parse(fixtureText(`${folder}/simple_lstm_tf_keras_2_config.json`));
    config.config[0].config.units = 49;
    await expect(
      readKerasH5(fixtureBytes(`${folder}/simple_lstm_tf_keras_2_weights.h5`), { config }),
    ).rejects.toMatchObject({ code: 'INVALID_WEIGHTS' });
  });
});
