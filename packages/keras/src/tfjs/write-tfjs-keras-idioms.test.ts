/**
 * Keras idioms written to TF.js layers: an `activation` layer as Activation, and a features
 * maskValue as TF.js layers' Masking: tf.loadLayersModel runs it (TF.js's own
 * Masking and masked RNN code) and must agree with the reference at every position, with masked
 * steps inside the sequence; the file reads back to the same spec.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readKerasH5 } from '../h5/read-keras-h5.js';
import { readKerasFile } from '../keras-v3/read-keras-file.js';
import { fixtureBytes, independentCase } from '../test-support/fixtures.js';
import { expectClose, runOnReference } from '../test-support/reference.js';
import { readTfjsLayersModel } from './read-tfjs-layers.js';
import { writeTfjsLayersModel } from './write-tfjs-layers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('writeTfjsLayersModel with input.maskValue', () => {
  it('the real masking_two_lstm.h5 (mask_value 2, masked steps inside sequences) runs the same in TF.js', async () => {
    const model = await readKerasH5(fixtureBytes('real/h5_dl4j_masking_lstm/masking_two_lstm.h5'));
    // TF.js layers default to hard_sigmoid like this Keras 2 file, so nothing is refused.
    const { modelJson, weightData } = writeTfjsLayersModel(model);
    const json = JSON.parse(JSON.stringify(modelJson));
    const layers = json.modelTopology.config.layers;
    expect(layers[1]).toMatchObject({ class_name: 'Masking', config: { mask_value: 2 } });
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: weightData.slice().buffer,
      }),
    );
    const { input } = independentCase('masking_two_lstm');
    const y = loaded.predict(tf.tensor3d(input.data, input.shape as [number, number, number]));
    const { output } = await runOnReference(model, input);
    expectClose(
      await (y as tf.Tensor).data(),
      output.data as Float64Array,
      { atol: 1e-5, rtol: 1e-4 },
      'masking_two',
    );
    const again = readTfjsLayersModel(json, { 'weights.bin': weightData });
    expect(again.spec.input).toEqual(model.spec.input);
    expect(again.spec.layers).toEqual(model.spec.layers);
    loaded.dispose();
  });

  it("refuses paddedOutputs 'zero' under a maskValue (TF.js repeats the previous output)", async () => {
    const model = await readKerasFile(
      fixtureBytes('independent/keras3_masking_time_distributed.keras'),
    );
    const layer = model.spec.layers[0] as { paddedOutputs?: string; recurrentActivation?: unknown };
    layer.paddedOutputs = 'zero';
    expect(() => writeTfjsLayersModel(model)).toThrow(/paddedOutputs 'zero'/);
  });
});

describe('writeTfjsLayersModel with activation layers', () => {
  for (const file of ['rnn_5.h5', 'rnn_28.h5']) {
    it(`the real tf.keras ${file} (Activation after recurrent layers) runs the same in TF.js`, async () => {
      const model = await readKerasH5(fixtureBytes(`real/h5_dl4j_tfkeras2.2.4_rnn_suite/${file}`));
      const { modelJson, weightData } = writeTfjsLayersModel(model);
      const json = JSON.parse(JSON.stringify(modelJson));
      const classes = json.modelTopology.config.layers.map(
        (l: { class_name: string }) => l.class_name,
      );
      expect(classes).toContain('Activation');
      const loaded = await tf.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest[0].weights,
          weightData: weightData.slice().buffer,
        }),
      );
      const name = file === 'rnn_5.h5' ? 'rnn_suite_5' : 'rnn_suite_28';
      const { input } = independentCase(name);
      const y = loaded.predict(tf.tensor3d(input.data, input.shape as [number, number, number]));
      const { output } = await runOnReference(model, input);
      expectClose(
        await (y as tf.Tensor).data(),
        output.data as Float64Array,
        { atol: 1e-5, rtol: 1e-4 },
        file,
      );
      const again = readTfjsLayersModel(json, { 'weights.bin': weightData });
      expect(again.spec.layers).toEqual(model.spec.layers);
      loaded.dispose();
    });
  }
});

describe("writeTfjsLayersModel with sequenceOrder 'processing'", () => {
  it('writes go_backwards: TF.js computes the same processing-order sequence', async () => {
    const model = await readKerasFile(
      fixtureBytes('independent/keras3_go_backwards_sequences.keras'),
    );
    const lstm = model.spec.layers[0] as { recurrentActivation?: unknown };
    // TF.js layers has no Keras 3 hard sigmoid, but this file's gates are plain sigmoid.
    expect(lstm.recurrentActivation).toBe('sigmoid');
    const { modelJson, weightData } = writeTfjsLayersModel(model);
    const json = JSON.parse(JSON.stringify(modelJson));
    expect(json.modelTopology.config.layers[1].config).toMatchObject({
      go_backwards: true,
      return_sequences: true,
    });
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: weightData.slice().buffer,
      }),
    );
    const { input, output: expected } = independentCase('keras3_go_backwards_sequences');
    const y = loaded.predict(tf.tensor3d(input.data, input.shape as [number, number, number]));
    expectClose(await (y as tf.Tensor).data(), expected.data, { atol: 1e-5, rtol: 1e-4 }, 'tfjs');
    const again = readTfjsLayersModel(json, { 'weights.bin': weightData });
    expect(again.spec.layers).toEqual(model.spec.layers);
    loaded.dispose();
  });
});
