/**
 * The library entry: loadModel from paths and from bytes (with companions), createBackend and
 * runConformance. Expected values come from PyTorch (the torch-export fixtures' recorded
 * outputs) or from the float64 reference executor, never from the code under test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  initializeWeights,
  int32Tensor,
  RnnkitError,
  readTensorJson,
  saveModel,
  sentimentLstmSpec,
} from '@rnnkit/core';
import { writeTfjsLayersModel } from '@rnnkit/keras';
import { describe, expect, it } from 'vitest';
import { createBackend, loadModel, runConformance } from '../index.js';
import { fixtures } from '../test-support/cli.js';

const gruExport = join(fixtures, 'torch-export/gru_seq_time_major_opset14');
const kerasH5 = join(fixtures, 'keras/simple_rnn_tf_keras_2_model.h5');

async function rejection(promise: Promise<unknown>): Promise<RnnkitError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(RnnkitError.isInstance(error), String(error)).toBe(true);
  return error as RnnkitError;
}

const sentiment = () => {
  const spec = sentimentLstmSpec({ vocabularySize: 50 });
  return { spec, weights: initializeWeights(spec, { seed: 3 }) };
};

describe('loadModel', () => {
  it('reads the same model from a path, from bytes with a name, and from bytes alone', async () => {
    for (const path of [`${gruExport}.onnx`, kerasH5]) {
      const bytes = new Uint8Array(readFileSync(path));
      const fromPath = await loadModel(path);
      const named = await loadModel(bytes, { name: path.split('/').pop() });
      const anonymous = await loadModel(bytes.buffer.slice(0) as ArrayBuffer);
      expect(named.format).toBe(fromPath.format);
      expect(anonymous.format).toBe(fromPath.format);
      expect(named.model.spec).toEqual(fromPath.model.spec);
      expect(anonymous.model.spec).toEqual(fromPath.model.spec);
    }
    expect((await loadModel(kerasH5)).format).toBe('keras-h5');
    expect((await loadModel(`${gruExport}.onnx`)).format).toBe('onnx');
  });

  it('reads an rnnkit spec and a TF.js layers model from bytes, companions from `files`', async () => {
    const model = sentiment();
    const saved = saveModel(model);
    const spec = await loadModel(new TextEncoder().encode(saved.spec), {
      name: 'sentiment.json',
      files: { 'sentiment.safetensors': saved.weights },
    });
    expect(spec.format).toBe('rnnkit');
    expect(spec.model.spec).toEqual(model.spec);

    const tfjs = writeTfjsLayersModel(model, { weightsFileName: 'group1-shard1of1.bin' });
    const json = new TextEncoder().encode(JSON.stringify(tfjs.modelJson));
    const layers = await loadModel(json, {
      name: 'model.json',
      files: { 'group1-shard1of1.bin': tfjs.weightData },
    });
    expect(layers.format).toBe('tfjs-layers');
    expect(layers.model.weights.size).toBe(model.weights.size);

    const missing = await rejection(loadModel(json, { name: 'model.json' }));
    expect(missing.code).toBe('INVALID_WEIGHTS');
    expect(missing.message).toContain('group1-shard1of1.bin');
    expect(missing.message).toContain('files');
    const noWeights = await rejection(
      loadModel(new TextEncoder().encode(saved.spec), { name: 'sentiment.json' }),
    );
    expect(noWeights.code).toBe('INVALID_WEIGHTS');
    expect(noWeights.message).toContain('sentiment.safetensors');
  });

  it('refuses what is not a model, and what is not a path or bytes', async () => {
    const text = await rejection(loadModel(new TextEncoder().encode('hello'), { name: 'x.onnx' }));
    expect(text.code).toBe('MODEL_FORMAT');
    expect(text.message).toContain('x.onnx');
    const missing = await rejection(loadModel('/nonexistent/model.onnx'));
    expect(missing.code).toBe('MODEL_FORMAT');
    expect(missing.message).toContain('no such file');
    const wrong = await rejection(loadModel(42 as unknown as Uint8Array));
    expect(wrong.code).toBe('INVALID_INPUT');
    expect(wrong.message).toContain('number');
  });
});

describe('createBackend', () => {
  it('creates Node backends and refuses browser-only and unknown ids with the reason', async () => {
    const model = sentiment();
    const tokens = int32Tensor([1, 4], [5, 17, 2, 9]);
    const reference = await (await createBackend('reference')).load(model);
    const wasm = await (await createBackend('ort-web-wasm')).load(model);
    const expected = (await reference.run({ tokens })).outputs.probability.data;
    const actual = (await wasm.run({ tokens })).outputs.probability.data;
    expect(Math.abs(Number(actual[0]) - Number(expected[0]))).toBeLessThan(1e-5);
    await wasm.dispose();
    await reference.dispose();

    const webgl = await rejection(createBackend('tfjs-webgl'));
    expect(webgl.code).toBe('BACKEND_UNAVAILABLE');
    expect(webgl.message).toContain('browser');
    const unknown = await rejection(createBackend('tfjs-gpu' as never));
    expect(unknown.code).toBe('INVALID_INPUT');
    expect(unknown.message).toContain('tfjs-gpu');
  });
});

describe('runConformance', () => {
  const inputs = () => readTensorJson(readFileSync(`${gruExport}.inputs.json`, 'utf8'));
  const pytorch = () => readTensorJson(readFileSync(`${gruExport}.outputs.json`, 'utf8'));

  it('checks a model on Node backends against outputs PyTorch recorded', async () => {
    const { report, passed } = await runConformance({
      model: `${gruExport}.onnx`,
      inputs: inputs(),
      expected: pytorch(),
      backends: ['reference', 'ort-web-wasm', 'tfjs-cpu'],
    });
    expect(report.cells.map((cell) => [cell.backend, cell.status])).toEqual([
      ['reference', 'pass'],
      ['ort-web-wasm', 'pass'],
      ['tfjs-cpu', 'pass'],
    ]);
    expect(passed).toBe(true);
  });

  it('fails a backend whose outputs differ from the expected values', async () => {
    const expected = pytorch();
    const first = Object.values(expected)[0];
    (first.data as Float32Array)[0] += 0.01;
    const { report, passed } = await runConformance({
      model: await loadModel(`${gruExport}.onnx`),
      inputs: inputs(),
      expected,
      backends: ['reference'],
    });
    expect(passed).toBe(false);
    expect(report.cells[0].status).toBe('fail');
    expect(report.cells[0].maxAbsError).toBeGreaterThan(0.009);
  });

  it('needs a model or cases', async () => {
    expect((await rejection(runConformance({}))).code).toBe('INVALID_INPUT');
  });
});
