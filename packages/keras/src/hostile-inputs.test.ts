/**
 * Classes of hostile Keras files a fuzzing run found. Each must end as a clean RnnkitError
 * within bounded time, leave Object.prototype alone, and leave the process able to read the
 * next good file. The .h5 fixtures are made by __fixtures__/hostile/make_hostile.py.
 */
import { RnnkitError } from '@rnnkit/core';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { setHdf5TimeLimit } from './h5/hdf5-file.js';
import { readKerasH5 } from './h5/read-keras-h5.js';
import { readKerasFile } from './keras-v3/read-keras-file.js';
import { fixtureBytes, fixtureText } from './test-support/fixtures.js';
import { readTfjsLayersModel } from './tfjs/read-tfjs-layers.js';

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
const before = prototypeKeys();
afterEach(() => expect(prototypeKeys()).toEqual(before));

async function refusal(run: () => Promise<unknown> | unknown, seconds = 5): Promise<RnnkitError> {
  const started = performance.now();
  try {
    await run();
  } catch (error) {
    expect(performance.now() - started).toBeLessThan(seconds * 1000);
    if (RnnkitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
const KERAS3 = 'independent/keras3_embedding_mask.keras';

/** The .keras fixture with one of its files replaced. */
function editedKeras(name: string, text: string): Uint8Array {
  const files = unzipSync(fixtureBytes(KERAS3));
  files[name] = strToU8(text);
  return zipSync(files, { level: 0 });
}

describe('hostile .h5 files', () => {
  it.each(['self_link', 'root_link', 'deep_groups'])(
    '%s.h5: the group walk stops at its depth bound',
    async (name) => {
      const error = await refusal(() => readKerasH5(fixtureBytes(`hostile/${name}.h5`)));
      expect(error.code).toBe('MODEL_FORMAT');
      expect(error.message).toMatch(/groups nest deeper than 32 levels/);
    },
  );

  it('a corrupted global heap is a clean MODEL_FORMAT', async () => {
    for (const name of ['global_heap_size', 'global_heap_small']) {
      const error = await refusal(() => readKerasH5(fixtureBytes(`hostile/${name}.h5`)));
      expect(error.code).toBe('MODEL_FORMAT');
    }
  });

  it('a parse that outlives the time limit is stopped, and the next file still reads', async () => {
    const good = fixtureBytes('independent/keras3_legacy.h5');
    const previous = setHdf5TimeLimit(1);
    try {
      const error = await refusal(() => readKerasH5(good));
      expect(error.message).toMatch(/did not finish within/);
    } finally {
      setHdf5TimeLimit(previous);
    }
    const model = await readKerasH5(good);
    expect(model.spec.layers.length).toBeGreaterThan(0);
  });

  it('after 100 corrupt files in a row, a good file reads as before', async () => {
    const good = fixtureBytes('independent/keras3_legacy.h5');
    const expected = await readKerasH5(good);
    let state = 12345;
    for (let i = 0; i < 100; i++) {
      const bad = good.slice();
      // Corrupt 16 bytes after the superblock (the superblock itself is checked up front).
      for (let j = 0; j < 16; j++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        bad[96 + (state % (bad.length - 96))] = state >>> 24;
      }
      try {
        await readKerasH5(bad);
      } catch (error) {
        if (!RnnkitError.isInstance(error)) throw error;
      }
    }
    const again = await readKerasH5(good);
    expect(again.spec).toEqual(expected.spec);
    expect([...again.weights.keys()]).toEqual([...expected.weights.keys()]);
  }, 120_000);

  it('null or deeply nested model_config given as text', async () => {
    const weightsOnly = fixtureBytes('independent/keras3_legacy.h5');
    const nullConfig = await refusal(() => readKerasH5(weightsOnly, { config: 'null' }));
    expect(nullConfig.message).toMatch(/must be a JSON object, found null/);
    const deepConfig = await refusal(() => readKerasH5(weightsOnly, { config: deep }));
    expect(deepConfig.message).toMatch(/nests deeper than 256 levels/);
  });
});

describe('hostile .keras files', () => {
  it.each(['metadata.json', 'config.json'])('null as %s', async (name) => {
    const error = await refusal(() => readKerasFile(editedKeras(name, 'null')));
    expect(error.code).toBe('MODEL_FORMAT');
    expect(error.message).toMatch(new RegExp(`${name} must be a JSON object, found null`));
  });

  it('config.json nested 20,000 deep', async () => {
    const error = await refusal(() => readKerasFile(editedKeras('config.json', deep)));
    expect(error.message).toMatch(/nests deeper than 256 levels/);
  });

  it.each(['__proto__', 'constructor', 'toString'])(
    'a layer named %s is refused and pollutes nothing',
    async (name) => {
      const files = unzipSync(fixtureBytes(KERAS3));
      const text = new TextDecoder().decode(files['config.json']);
      const json = JSON.parse(text);
      const layer = json.config.layers.find(
        (l: { class_name: string }) => l.class_name !== 'InputLayer',
      );
      const original = layer.config.name;
      // Rename everywhere the name occurs (inbound nodes of functional models too).
      const renamed = JSON.stringify(json).split(`"${original}"`).join(`"${name}"`);
      const error = await refusal(() => readKerasFile(editedKeras('config.json', renamed)));
      expect(['INVALID_SPEC', 'MODEL_FORMAT', 'INVALID_WEIGHTS']).toContain(error.code);
    },
  );
});

describe('hostile TF.js layers files', () => {
  const folder = 'real/tfjs_reiinakano_lstm_textgen';
  const shards = () => ({
    'group1-shard1of1': fixtureBytes(`${folder}/group1-shard1of1`),
    'group2-shard1of1': fixtureBytes(`${folder}/group2-shard1of1`),
  });

  it('model.json nested 20,000 deep', async () => {
    const error = await refusal(() => readTfjsLayersModel(`{"modelTopology":${deep}}`, shards()));
    expect(error.message).toMatch(/nests deeper than 256 levels/);
  });

  it('a manifest missing the recurrent layer entries', async () => {
    const json = JSON.parse(fixtureText(`${folder}/model.json`));
    json.weightsManifest = json.weightsManifest.slice(0, 1);
    const error = await refusal(() => readTfjsLayersModel(JSON.stringify(json), shards()));
    expect(error.code).toBe('INVALID_WEIGHTS');
  });
});
