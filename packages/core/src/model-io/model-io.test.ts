import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelFromFiles, saveModelToFiles, weightsPathFor } from '@rnnkit/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import { initializeWeights } from '../init/initialize-weights.js';
import { decodeSafetensors } from '../safetensors/decode.js';
import type { SafetensorsTensor } from '../safetensors/dtypes.js';
import { encodeSafetensors } from '../safetensors/encode.js';
import { float32ToFloat16 } from '../safetensors/half.js';
import type { ModelSpec } from '../spec/types.js';
import { expectedWeights, type Model } from '../weights/canonical.js';
import { loadModel, loadModelFromBytes } from './load-model.js';
import { saveModel, WEIGHTS_METADATA } from './save-model.js';

const spec: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  name: 'io-test',
  input: { name: 'tokens', type: 'tokens' },
  layers: [
    { type: 'embedding', name: 'embed', inputDim: 11, outputDim: 4 },
    { type: 'lstm', name: 'lstm', units: 3, returnSequences: true },
    {
      type: 'gru',
      name: 'gru',
      units: 2,
      direction: 'bidirectional',
      resetAfter: true,
      recurrentBias: true,
    },
    { type: 'dense', name: 'head', units: 5, activation: 'softmax' },
  ],
  output: { name: 'probabilities' },
};

const model: Model = { spec, weights: initializeWeights(spec, { seed: 17 }) };
const specText = `${JSON.stringify(spec)}\n`;

/** The model's weights as safetensors, with `change` applied to the tensor map first. */
function weightsWith(change: (tensors: Map<string, SafetensorsTensor>) => void): Uint8Array {
  const tensors = new Map<string, SafetensorsTensor>();
  for (const [name, tensor] of model.weights)
    tensors.set(name, { dtype: 'F32', shape: tensor.shape, data: tensor.data });
  change(tensors);
  return encodeSafetensors(tensors);
}

function thrown(action: () => unknown): RnnkitError {
  try {
    action();
  } catch (error) {
    if (RnnkitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an RnnkitError');
}

function expectSameModel(actual: Model, expected: Model): void {
  expect(actual.spec).toEqual(expected.spec);
  expect([...actual.weights.keys()]).toEqual(expectedWeights(expected.spec).map((w) => w.name));
  for (const [name, tensor] of expected.weights) {
    expect(actual.weights.get(name)?.shape, name).toEqual(tensor.shape);
    expect(actual.weights.get(name)?.data, name).toEqual(tensor.data);
  }
}

describe('saveModel / loadModel (bytes)', () => {
  it('round-trips spec and weights exactly', () => {
    const saved = saveModel(model);
    expectSameModel(loadModel(saved), model);
    expectSameModel(loadModelFromBytes(saved.spec, saved.weights), model);
  });

  it('writes the spec as JSON and the weights as F32 safetensors under canonical names', () => {
    const saved = saveModel(model);
    expect(JSON.parse(saved.spec)).toEqual(spec);
    const { tensors, metadata } = decodeSafetensors(saved.weights);
    expect(metadata).toEqual(WEIGHTS_METADATA);
    expect([...tensors.keys()].sort()).toEqual(
      expectedWeights(spec)
        .map((w) => w.name)
        .sort(),
    );
    for (const { name, shape } of expectedWeights(spec)) {
      expect(tensors.get(name)?.dtype, name).toBe('F32');
      expect(tensors.get(name)?.shape, name).toEqual(shape);
    }
  });

  it('refuses to save an invalid model', () => {
    const broken = new Map(model.weights);
    broken.delete('lstm/bias');
    expect(thrown(() => saveModel({ spec, weights: broken }))).toMatchObject({
      code: 'INVALID_WEIGHTS',
      path: 'lstm/bias',
    });
  });

  it('a dtype mismatch (I32 where F32 is expected) is INVALID_WEIGHTS naming the tensor', () => {
    const bytes = weightsWith((tensors) => {
      tensors.set('lstm/bias', { dtype: 'I32', shape: [12], data: new Int32Array(12) });
    });
    const error = thrown(() => loadModelFromBytes(specText, bytes));
    expect(error).toMatchObject({ code: 'INVALID_WEIGHTS', path: 'lstm/bias' });
    expect(error.message).toMatch(/I32/);
  });

  it('a shape mismatch is INVALID_WEIGHTS naming the tensor and both shapes', () => {
    const bytes = weightsWith((tensors) => {
      tensors.set('head/kernel', { dtype: 'F32', shape: [5, 4], data: new Float32Array(20) });
    });
    const error = thrown(() => loadModelFromBytes(specText, bytes));
    expect(error).toMatchObject({ code: 'INVALID_WEIGHTS', path: 'head/kernel' });
    expect(error.message).toMatch(/expected shape \[4, 5\], found \[5, 4\]/);
  });

  it('missing and unexpected tensors are INVALID_WEIGHTS naming them', () => {
    const missing = weightsWith((tensors) => tensors.delete('gru/backward/recurrentBias'));
    expect(thrown(() => loadModelFromBytes(specText, missing))).toMatchObject({
      code: 'INVALID_WEIGHTS',
      path: 'gru/backward/recurrentBias',
    });
    const extra = weightsWith((tensors) =>
      tensors.set('lstm/peephole', { dtype: 'F32', shape: [9], data: new Float32Array(9) }),
    );
    expect(thrown(() => loadModelFromBytes(specText, extra))).toMatchObject({
      code: 'INVALID_WEIGHTS',
      path: 'lstm/peephole',
    });
  });

  it('non-finite weights are refused', () => {
    const bytes = weightsWith((tensors) => {
      tensors.set('head/bias', {
        dtype: 'F32',
        shape: [5],
        data: new Float32Array([0, 0, Number.NaN, 0, 0]),
      });
    });
    expect(thrown(() => loadModelFromBytes(specText, bytes))).toMatchObject({
      code: 'INVALID_WEIGHTS',
      path: 'head/bias',
    });
  });

  it('F64 and F16 weights are converted to float32', () => {
    const bytes = weightsWith((tensors) => {
      tensors.set('head/bias', {
        dtype: 'F64',
        shape: [5],
        data: new Float64Array([0.1, -2, 3, 0, 1e-3]),
      });
      tensors.set('lstm/bias', {
        dtype: 'F16',
        shape: [12],
        data: Uint16Array.from([0.5, -1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0.25], float32ToFloat16),
      });
    });
    const loaded = loadModelFromBytes(specText, bytes);
    expect(loaded.weights.get('head/bias')?.data).toEqual(Float32Array.from([0.1, -2, 3, 0, 1e-3]));
    expect(Array.from(loaded.weights.get('lstm/bias')?.data ?? [])).toEqual([
      0.5, -1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0.25,
    ]);
  });

  it('a bad spec is INVALID_SPEC; corrupt weights are INVALID_WEIGHTS', () => {
    const saved = saveModel(model);
    expect(thrown(() => loadModelFromBytes('{ "format": ', saved.weights)).code).toBe(
      'INVALID_SPEC',
    );
    expect(
      thrown(() => loadModelFromBytes('{"format":"rnnkit-model","formatVersion":1}', saved.weights))
        .code,
    ).toBe('INVALID_SPEC');
    expect(thrown(() => loadModelFromBytes(saved.spec, saved.weights.subarray(0, 40))).code).toBe(
      'INVALID_WEIGHTS',
    );
    expect(thrown(() => loadModel(null as never)).code).toBe('INVALID_SPEC');
  });
});

describe('saveModelToFiles / loadModelFromFiles (@rnnkit/core/node)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rnnkit-model-io-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('puts <name>.safetensors beside <name>.json', () => {
    expect(weightsPathFor('/models/char-rnn.json')).toBe('/models/char-rnn.safetensors');
    expect(weightsPathFor('/models/char-rnn.JSON')).toBe('/models/char-rnn.safetensors');
    expect(weightsPathFor('/models/char-rnn')).toBe('/models/char-rnn.safetensors');
  });

  it('round-trips through files, creating the directory', async () => {
    const specPath = join(dir, 'nested', 'model.json');
    const written = await saveModelToFiles(model, specPath);
    expect(written).toEqual({ specPath, weightsPath: join(dir, 'nested', 'model.safetensors') });
    const saved = saveModel(model);
    expect(await readFile(specPath, 'utf8')).toBe(saved.spec);
    expect(new Uint8Array(await readFile(written.weightsPath))).toEqual(saved.weights);
    expectSameModel(await loadModelFromFiles(specPath), model);
  });

  it('a missing weights file is INVALID_WEIGHTS naming the path; a missing spec is INVALID_SPEC', async () => {
    const specPath = join(dir, 'lonely.json');
    await writeFile(specPath, specText);
    await expect(loadModelFromFiles(specPath)).rejects.toMatchObject({
      code: 'INVALID_WEIGHTS',
      path: join(dir, 'lonely.safetensors'),
    });
    await expect(loadModelFromFiles(join(dir, 'absent.json'))).rejects.toMatchObject({
      code: 'INVALID_SPEC',
      path: join(dir, 'absent.json'),
    });
  });
});
