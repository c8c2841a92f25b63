import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureText, independentCase } from '../test-support/fixtures.js';
import { expectClose, runOnReference } from '../test-support/reference.js';
import { readTfjsLayersModel } from './read-tfjs-layers.js';

const folder = 'real/tfjs_reiinakano_lstm_textgen';
const shards = () => ({
  'group1-shard1of1': fixtureBytes(`${folder}/group1-shard1of1`),
  'group2-shard1of1': fixtureBytes(`${folder}/group2-shard1of1`),
});

describe('TF.js layers model from an early converter (no format field, shards without .bin)', () => {
  it('imports the LSTM text generator and folds the softmax Activation into the Dense', () => {
    const model = readTfjsLayersModel(fixtureText(`${folder}/model.json`), shards());
    expect(model.source).toMatchObject({
      format: 'tfjs-layers',
      kerasVersion: '2.1.5',
      flavor: 'keras2',
    });
    expect(model.spec.input).toEqual({
      name: 'lstm_2_input',
      type: 'features',
      size: 57,
      timeSteps: 40,
    });
    expect(model.spec.layers).toEqual([
      {
        type: 'lstm',
        name: 'lstm_2',
        units: 128,
        activation: 'tanh',
        recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
        returnSequences: false,
      },
      { type: 'dense', name: 'dense_3', units: 57, activation: 'softmax' },
    ]);
    expect(model.spec.output.name).toBe('activation_2');
  });

  it('matches an independent PyTorch run of the same weights over 40 steps', async () => {
    const expected = independentCase('tfjs_reiinakano');
    const model = readTfjsLayersModel(fixtureText(`${folder}/model.json`), shards());
    const { output } = await runOnReference(model, expected.input);
    expectClose(
      output.data as Float64Array,
      expected.output.data,
      { atol: 1e-6, rtol: 1e-5 },
      'reiinakano',
    );
  });

  it('finds shards by base name when the manifest path has a directory', () => {
    const json = JSON.parse(fixtureText(`${folder}/model.json`));
    json.weightsManifest[0].paths = ['./group1-shard1of1'];
    expect(() =>
      readTfjsLayersModel(json, {
        'models/group1-shard1of1': shards()['group1-shard1of1'],
        'group2-shard1of1': shards()['group2-shard1of1'],
      }),
    ).not.toThrow();
  });
});

describe('bad TF.js layers input', () => {
  it('a missing shard is MODEL_FORMAT naming it', () => {
    const { 'group1-shard1of1': _, ...rest } = shards();
    expect(() => readTfjsLayersModel(fixtureText(`${folder}/model.json`), rest)).toThrowError(
      expect.objectContaining({ code: 'MODEL_FORMAT', path: 'group1-shard1of1' }),
    );
  });

  it('a manifest that disagrees with its shards is INVALID_WEIGHTS', () => {
    const json = JSON.parse(fixtureText(`${folder}/model.json`));
    json.weightsManifest[1].weights[0].shape = [57, 511];
    expect(() => readTfjsLayersModel(json, shards())).toThrowError(
      expect.objectContaining({
        code: 'INVALID_WEIGHTS',
        message: expect.stringMatching(/declares .* bytes/),
      }),
    );
    const truncated = shards();
    truncated['group2-shard1of1'] = truncated['group2-shard1of1'].subarray(0, 1000);
    expect(() => readTfjsLayersModel(fixtureText(`${folder}/model.json`), truncated)).toThrowError(
      expect.objectContaining({ code: 'INVALID_WEIGHTS' }),
    );
  });

  it('a manifest whose names and shapes fit the bytes but not the config is INVALID_WEIGHTS', () => {
    const json = JSON.parse(fixtureText(`${folder}/model.json`));
    json.weightsManifest[1].weights[0].shape = [512, 57];
    expect(() => readTfjsLayersModel(json, shards())).toThrowError(
      expect.objectContaining({ code: 'INVALID_WEIGHTS', path: 'lstm_2/kernel' }),
    );
  });

  it('an unknown layer is UNSUPPORTED_FEATURE naming class and name', () => {
    const json = JSON.parse(fixtureText(`${folder}/model.json`));
    json.modelTopology.model_config.config.splice(1, 0, {
      class_name: 'BatchNormalization',
      config: { name: 'bn_1' },
    });
    expect(() => readTfjsLayersModel(json, shards())).toThrowError(
      expect.objectContaining({
        code: 'UNSUPPORTED_FEATURE',
        message: expect.stringMatching(/BatchNormalization 'bn_1'/),
      }),
    );
  });

  it('not JSON, no topology, a graph model: MODEL_FORMAT or UNSUPPORTED_FEATURE', () => {
    expect(() => readTfjsLayersModel('{"modelTopology": ', shards())).toThrowError(
      expect.objectContaining({ code: 'MODEL_FORMAT' }),
    );
    expect(() => readTfjsLayersModel({ weightsManifest: [] }, shards())).toThrowError(
      expect.objectContaining({ code: 'MODEL_FORMAT' }),
    );
    expect(() =>
      readTfjsLayersModel({ format: 'graph-model', modelTopology: {} }, {}),
    ).toThrowError(expect.objectContaining({ code: 'UNSUPPORTED_FEATURE' }));
  });
});
