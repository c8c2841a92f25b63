import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importKeras } from './import-keras.js';
import { importKerasFromPath } from './node.js';
import { fixtureBytes } from './test-support/fixtures.js';

const real = fileURLToPath(new URL('./__fixtures__/real/', import.meta.url));

describe('importKeras picks the reader from the files', () => {
  it('model.json + shards', async () => {
    const folder = 'real/tfjs_reiinakano_lstm_textgen';
    const model = await importKeras({
      'model.json': fixtureBytes(`${folder}/model.json`),
      'group1-shard1of1': fixtureBytes(`${folder}/group1-shard1of1`),
      'group2-shard1of1': fixtureBytes(`${folder}/group2-shard1of1`),
    });
    expect(model.source.format).toBe('tfjs-layers');
  });

  it('.keras', async () => {
    const model = await importKeras({
      'm.keras': fixtureBytes('independent/keras3_embedding_mask.keras'),
    });
    expect(model.source.format).toBe('keras-v3');
  });

  it('weights-only .h5 with its config .json', async () => {
    const folder = 'real/h5_dl4j_fullconfig_lstm_theano_with_predictions';
    const model = await importKeras({
      'w.h5': fixtureBytes(`${folder}/lstm_th_keras_2_weights.h5`),
      'config.json': fixtureBytes(`${folder}/lstm_th_keras_2_config.json`),
    });
    expect(model.spec.layers.map((layer) => layer.name)).toEqual(['lstm_1', 'lstm_2', 'dense_1']);
  });

  it('ambiguous or empty sets are MODEL_FORMAT', async () => {
    await expect(importKeras({})).rejects.toMatchObject({ code: 'MODEL_FORMAT' });
    await expect(
      importKeras({ 'notes.txt': new TextEncoder().encode('hello') }),
    ).rejects.toMatchObject({ code: 'MODEL_FORMAT' });
  });
});

describe('importKerasFromPath (./node)', () => {
  it('reads a model.json and the shards its manifest names', async () => {
    const model = await importKerasFromPath(join(real, 'tfjs_reiinakano_lstm_textgen/model.json'));
    expect(model.spec.layers).toHaveLength(2);
  });

  it('reads an .h5 with a separate config', async () => {
    const folder = join(real, 'h5_dl4j_simple_lstm_tf_keras_1_with_outputs');
    const model = await importKerasFromPath(join(folder, 'simple_lstm_tf_keras_1_weights.h5'), {
      configPath: join(folder, 'simple_lstm_tf_keras_1_config.json'),
    });
    expect(model.source.flavor).toBe('keras1');
  });

  it('a missing file is MODEL_FORMAT', async () => {
    await expect(importKerasFromPath(join(real, 'nope.h5'))).rejects.toMatchObject({
      code: 'MODEL_FORMAT',
    });
  });
});
