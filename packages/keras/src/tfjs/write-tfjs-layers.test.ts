import type { Model } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readKerasH5 } from '../h5/read-keras-h5.js';
import { readKerasFile } from '../keras-v3/read-keras-file.js';
import { fixtureBytes, fixtureText, independentCase } from '../test-support/fixtures.js';
import { expectClose, runOnReference } from '../test-support/reference.js';
import { readTfjsLayersModel } from './read-tfjs-layers.js';
import { writeTfjsLayersModel } from './write-tfjs-layers.js';

const TFJS_CPU = { atol: 1e-5, rtol: 1e-4 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function loadInTfjs(model: Model) {
  const { modelJson, weightData } = writeTfjsLayersModel(model);
  // Round-trip through text, as a file on disk would.
  const json = JSON.parse(JSON.stringify(modelJson));
  const loaded = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: weightData.slice().buffer,
    }),
  );
  return { loaded, json, weightData };
}

function randomInput(model: Model, batch: number, time: number, seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const input = model.spec.input;
  if (input.type === 'tokens') {
    const vocabulary = (model.spec.layers[0] as { inputDim: number }).inputDim;
    return {
      shape: [batch, time],
      data: Array.from({ length: batch * time }, () => 1 + Math.floor(next() * (vocabulary - 1))),
    };
  }
  return {
    shape: [batch, time, input.size],
    data: Array.from({ length: batch * time * input.size }, () => next() * 2 - 1),
  };
}

async function expectSameAsReference(
  model: Model,
  label: string,
  given?: { shape: number[]; data: number[] },
) {
  const { loaded } = await loadInTfjs(model);
  const time = model.spec.input.timeSteps ?? 5;
  const input = given ?? randomInput(model, 2, time, 42);
  const x =
    model.spec.input.type === 'tokens'
      ? tf.tensor2d(input.data, input.shape as [number, number])
      : tf.tensor3d(input.data, input.shape as [number, number, number]);
  const y = loaded.predict(x) as tf.Tensor;
  const { output } = await runOnReference(model, input);
  expect(y.shape).toEqual(output.shape);
  expectClose(await y.data(), output.data as Float64Array, TFJS_CPU, label);
  x.dispose();
  y.dispose();
  loaded.dispose();
}

describe('writeTfjsLayersModel: tf.loadLayersModel loads it and computes what the reference computes', () => {
  const h5Cases = [
    'h5_dl4j_small_rnn_layers_keras1_keras2/bidirectional_lstm_tensorflow_2.h5',
    'h5_dl4j_small_rnn_layers_keras1_keras2/bidirectional_lstm_no_return_sequences_tensorflow_1.h5',
    'h5_dl4j_small_rnn_layers_keras1_keras2/embedding_lstm_tensorflow_2.h5',
    'h5_dl4j_small_rnn_layers_keras1_keras2/simple_rnn_tensorflow_1.h5',
    'h5_dl4j_tfkeras2.2.4_rnn_suite/rnn_37.h5',
    'h5_dl4j_tfkeras2.2.4_rnn_suite/rnn_22.h5',
    'h5_keras2.3tf_alexm_lstm/lstm_model.h5',
    'h5_dl4j_functional_lstm/lstm_functional_tf_keras_2.h5',
  ];
  for (const path of h5Cases) {
    it(path, async () =>
      expectSameAsReference(await readKerasH5(fixtureBytes(`real/${path}`)), path),
    );
  }

  it('the TF.js text generator, written back out', async () => {
    const folder = 'real/tfjs_reiinakano_lstm_textgen';
    const model = readTfjsLayersModel(fixtureText(`${folder}/model.json`), {
      'group1-shard1of1': fixtureBytes(`${folder}/group1-shard1of1`),
      'group2-shard1of1': fixtureBytes(`${folder}/group2-shard1of1`),
    });
    // Its real inputs: one-hot characters. Uniform noise over 40 steps takes the trained net far
    // from its data, where TF.js float32 and the float64 reference drifted apart by 6e-3.
    await expectSameAsReference(model, 'reiinakano', independentCase('tfjs_reiinakano').input);
  });

  it('Embedding mask_zero with padded sequences; keeps the input and output names', async () => {
    const model = await readKerasFile(fixtureBytes('independent/keras3_embedding_mask.keras'));
    const { loaded } = await loadInTfjs(model);
    expect(loaded.inputNames).toEqual(['input_layer']);
    const ids = [1, 2, 3, 0, 0, 4, 5, 6, 1, 2, 6, 0, 0, 0, 0];
    const y = loaded.predict(tf.tensor2d(ids, [3, 5])) as tf.Tensor;
    const { output } = await runOnReference(model, { shape: [3, 5], data: ids });
    expectClose(await y.data(), output.data as Float64Array, TFJS_CPU, 'mask');
  });

  it('an LSTM recurrentBias (no reset-after) is folded into the bias', async () => {
    const base = await readKerasH5(
      fixtureBytes('real/h5_dl4j_small_rnn_layers_keras1_keras2/lstm_tensorflow_2.h5'),
    );
    const layer = base.spec.layers[0] as { recurrentBias?: boolean };
    layer.recurrentBias = true;
    const bias = base.weights.get('lstm_1/bias');
    base.weights.set('lstm_1/recurrentBias', {
      shape: bias?.shape ?? [],
      data: (bias?.data ?? new Float32Array()).map((_v, i) => 0.1 * ((i % 7) - 3)),
    });
    await expectSameAsReference(base, 'recurrentBias folded');
  });

  it('re-importing the written files gives the same spec', async () => {
    const model = await readKerasH5(
      fixtureBytes(
        'real/h5_dl4j_small_rnn_layers_keras1_keras2/bidirectional_lstm_tensorflow_2.h5',
      ),
    );
    const { json, weightData } = await loadInTfjs(model);
    const again = readTfjsLayersModel(json, { 'weights.bin': weightData });
    expect(again.spec.layers).toEqual(model.spec.layers);
    expect([...again.weights.keys()]).toEqual([...model.weights.keys()]);
  });
});

describe('writeTfjsLayersModel refuses what TF.js layers cannot compute', () => {
  it('GRU resetAfter: true, pointing to @rnnkit/tfjs', async () => {
    const model = await readKerasH5(
      fixtureBytes('real/h5_keras2.3tf_alexm_gru_reset_after/gru_model.h5'),
    );
    expect(() => writeTfjsLayersModel(model)).toThrowError(
      expect.objectContaining({
        code: 'UNSUPPORTED_FEATURE',
        message: expect.stringMatching(/resetAfter.*@rnnkit\/tfjs/),
      }),
    );
  });

  it('Keras 3 hard_sigmoid (slope 1/6), which TF.js does not have', async () => {
    const model = await readKerasFile(fixtureBytes('independent/keras3_bidirectional_gru.keras'));
    (model.spec.layers[0] as { resetAfter: boolean }).resetAfter = false;
    (model.spec.layers[0] as { recurrentBias?: boolean }).recurrentBias = false;
    for (const side of ['forward', 'backward'])
      model.weights.delete(`bidirectional/${side}/recurrentBias`);
    expect(() => writeTfjsLayersModel(model)).toThrowError(
      expect.objectContaining({
        code: 'UNSUPPORTED_FEATURE',
        message: expect.stringMatching(/hardSigmoid/),
      }),
    );
  });

  it('a reverse layer returning sequences, sequence lengths, peepholes', async () => {
    const model = await readKerasH5(
      fixtureBytes('real/h5_dl4j_small_rnn_layers_keras1_keras2/lstm_tensorflow_2.h5'),
    );
    const layer = model.spec.layers[0] as {
      direction?: string;
      returnSequences?: boolean;
      peepholes?: boolean;
    };
    layer.direction = 'reverse';
    layer.returnSequences = true;
    expect(() => writeTfjsLayersModel(model)).toThrowError(
      expect.objectContaining({
        code: 'UNSUPPORTED_FEATURE',
        message: expect.stringMatching(/sequenceOrder 'time'/),
      }),
    );
    layer.direction = 'forward';
    expect(() =>
      writeTfjsLayersModel({
        ...model,
        spec: { ...model.spec, sequenceLengths: { name: 'lengths' } },
      }),
    ).toThrowError(expect.objectContaining({ code: 'UNSUPPORTED_FEATURE' }));
    layer.peepholes = true;
    expect(() => writeTfjsLayersModel(model)).toThrowError(
      expect.objectContaining({
        code: 'UNSUPPORTED_FEATURE',
        message: expect.stringMatching(/peepholes/),
      }),
    );
  });

  it('a concatStates layer, by name (TF.js layers cannot read final states)', async () => {
    const model = await readKerasH5(
      fixtureBytes('real/h5_dl4j_small_rnn_layers_keras1_keras2/lstm_tensorflow_2.h5'),
    );
    const recurrent = model.spec.layers.find((l) => l.type === 'lstm') as { name: string };
    const at = model.spec.layers.findIndex((l) => l.type === 'lstm');
    const layers = [
      ...model.spec.layers.slice(0, at + 1),
      { type: 'concatStates' as const, name: 'cat', kind: 'c' as const, layers: [recurrent.name] },
    ];
    expect(() => writeTfjsLayersModel({ ...model, spec: { ...model.spec, layers } })).toThrowError(
      expect.objectContaining({
        code: 'UNSUPPORTED_FEATURE',
        message: expect.stringMatching(/concatStates layer.*'cat'/),
      }),
    );
  });
});
