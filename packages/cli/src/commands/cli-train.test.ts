// `rnnkit train` end to end on the float64 reference engine: the CLI contract (data.json with
// targets, --config, --output by extension, --validation, --json, --text), and exit 2 with one
// line for every bad input of issue 12 item 10.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createReferenceBackend,
  float32Tensor,
  initializeWeights,
  int32Tensor,
  type ModelSpec,
  type NamedTensors,
  writeTensorJson,
} from '@rnnkit/core';
import { saveModelToFiles } from '@rnnkit/core/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../test-support/cli.js';

const dir = tempDir();
const path = (name: string) => join(dir, name);

/** Embedding + LSTM + Dense(sigmoid): the article's classifier, small. */
const classifier: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  name: 'tiny-classifier',
  input: { name: 'tokens', type: 'tokens' },
  layers: [
    { type: 'embedding', name: 'embedding', inputDim: 6, outputDim: 4 },
    { type: 'lstm', name: 'lstm', units: 5 },
    { type: 'dense', name: 'dense', units: 1, activation: 'sigmoid' },
  ],
  output: { name: 'probability' },
};

const charLm: ModelSpec = {
  format: 'rnnkit-model',
  formatVersion: 1,
  name: 'char-lm',
  input: { name: 'tokens', type: 'tokens' },
  layers: [
    { type: 'embedding', name: 'embedding', inputDim: 1, outputDim: 8 },
    {
      type: 'gru',
      name: 'gru',
      units: 16,
      resetAfter: true,
      recurrentBias: true,
      returnSequences: true,
    },
    { type: 'dense', name: 'dense', units: 1, activation: 'softmax' },
  ],
  output: { name: 'probabilities' },
};

const config = (patch: object = {}) => ({
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'binaryCrossentropy',
  optimizer: { name: 'sgd', learningRate: 0.5 },
  batchSize: 8,
  epochs: 1,
  metrics: ['accuracy'],
  ...patch,
});

/** 8 sequences: label 1 iff token 5 occurs. */
const tokens = int32Tensor(
  [8, 4],
  [1, 2, 3, 4, 5, 1, 2, 3, 2, 2, 2, 2, 1, 5, 5, 1, 3, 3, 4, 4, 4, 5, 1, 1, 1, 1, 1, 2, 3, 4, 5, 0],
);
const labels = float32Tensor([8, 1], [0, 1, 0, 1, 0, 1, 0, 1]);

function writeJson(name: string, value: unknown): string {
  writeFileSync(path(name), typeof value === 'string' ? value : JSON.stringify(value));
  return path(name);
}
const writeData = (name: string, tensors: NamedTensors) =>
  writeJson(name, writeTensorJson(tensors));

beforeAll(async () => {
  await saveModelToFiles(
    { spec: classifier, weights: initializeWeights(classifier, { seed: 3 }) },
    path('classifier.json'),
  );
  writeJson('lm-spec.json', charLm);
  writeData('data.json', { x: tokens, targets: labels });
  writeJson('config.json', config());
});

// tfjs backends start slowly on a loaded 2-core machine (wasm compile, first kernels): generous timeouts.
describe('rnnkit train', { timeout: 240_000 }, () => {
  it.each([
    ['reference', 1e-10],
    ['tfjs-cpu', 1e-5],
    ['tfjs-wasm', 1e-5],
  ])(
    'reports the loss of the untrained model on a one-batch epoch on %s (binary cross-entropy by hand)',
    async (backend, tolerance) => {
      const result = await cli(
        'train',
        path('classifier.json'),
        '--data',
        path('data.json'),
        '--config',
        path('config.json'),
        '--output',
        path(`out/one-${backend}.json`),
        '--backend',
        backend as string,
        '--json',
      );
      expect(result.stderr).toMatch(/epoch 1\/1 {2}loss /);
      expect(result.code).toBe(0);
      const { history } = JSON.parse(result.stdout);
      // Independent: the reference executor's probabilities and BCE's definition.
      const session = await createReferenceBackend().load({
        spec: classifier,
        weights: initializeWeights(classifier, { seed: 3 }),
      });
      const p = (await session.run({ tokens })).outputs.probability.data as Float64Array;
      let loss = 0;
      let correct = 0;
      p.forEach((pi, i) => {
        const y = labels.data[i];
        loss -= (y * Math.log(pi) + (1 - y) * Math.log(1 - pi)) / p.length;
        if ((pi >= 0.5 ? 1 : 0) === y) correct++;
      });
      expect(history.loss[0]).toBeCloseTo(loss, -Math.log10(tolerance as number) - 0.5);
      expect(history.accuracy[0]).toBeCloseTo(correct / p.length, 5);
      expect(existsSync(path(`out/one-${backend}.safetensors`))).toBe(true);
    },
  );

  it('learns: more epochs lower the loss, validation is reported, and the .onnx output runs', async () => {
    writeJson(
      'config5.json',
      config({
        epochs: 30,
        batchSize: 4,
        optimizer: { name: 'adam', learningRate: 0.05, epsilon: 1e-7, epsilonStyle: 'keras' },
      }),
    );
    const result = await cli(
      'train',
      path('classifier.json'),
      '--data',
      path('data.json'),
      '--validation',
      path('data.json'),
      '--config',
      path('config5.json'),
      '--output',
      path('out/trained.onnx'),
      '--backend',
      'reference',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const { history } = JSON.parse(result.stdout);
    expect(history.loss).toHaveLength(30);
    expect(history.valLoss[29]).toBeLessThan(history.loss[0] / 2);
    expect(history.valAccuracy[29]).toBe(1);
    writeData('x.json', { x: tokens });
    const run = await cli(
      'run',
      path('out/trained.onnx'),
      '--input',
      path('x.json'),
      '--backend',
      'ort-node-cpu',
    );
    expect(run.code, run.stderr).toBe(0);
  });

  it('--text: a character LM from a spec without weights, its vocabulary saved beside, generate reads it', async () => {
    const corpus = `${['anna', 'emma', 'ava', 'mia', 'ella', 'nora'].join('\n')}\n`.repeat(30);
    writeJson('corpus.txt', corpus);
    writeJson(
      'lm-config.json',
      config({
        loss: 'sparseCategoricalCrossentropy',
        batchSize: 16,
        epochs: 4,
        optimizer: { name: 'adam', learningRate: 0.02, epsilon: 1e-7, epsilonStyle: 'keras' },
      }),
    );
    const result = await cli(
      'train',
      path('lm-spec.json'),
      '--text',
      path('corpus.txt'),
      '--sequence-length',
      '12',
      '--config',
      path('lm-config.json'),
      '--output',
      path('out/lm.json'),
      '--backend',
      'reference',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const { history } = JSON.parse(result.stdout);
    // 10 characters: uniform guessing costs ln(10) per character.
    const vocabulary = JSON.parse(readFileSync(path('out/lm.vocab.json'), 'utf8'));
    expect(vocabulary.tokens).toEqual(['\n', 'a', 'e', 'i', 'l', 'm', 'n', 'o', 'r', 'v']);
    expect(history.loss[0]).toBeLessThan(Math.log(10) + 0.1);
    expect(history.loss[3]).toBeLessThan(history.loss[0] * 0.7);
    const generated = await cli(
      'generate',
      path('out/lm.json'),
      '--prompt',
      'em',
      '--length',
      '20',
      '--temperature',
      '0',
      '--backend',
      'reference',
    );
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout.startsWith('em')).toBe(true);
    expect(generated.stdout.length).toBe(23);
  });

  it('trains on the fastest backend here by default (tfjs-wasm) and says so', async () => {
    const result = await cli(
      'train',
      path('classifier.json'),
      '--data',
      path('data.json'),
      '--config',
      path('config.json'),
      '--output',
      path('out/default.json'),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /^training tiny-classifier on tfjs-wasm: 8 examples, batch 8, 1 epochs/,
    );
  });

  it('a compiled Keras 3 file trains with its own settings (Adam, categorical cross-entropy) without --config', async () => {
    const keras = join(
      fileURLToPath(import.meta.url),
      '../../../../keras/src/__fixtures__/real/keras3_cdt406_emg_lstm/lstm_holdrest_model.keras',
    );
    const x = float32Tensor(
      [4, 3, 4],
      Array.from({ length: 48 }, (_, i) => Math.sin(i * 0.7)),
    );
    const targets = float32Tensor([4, 2], [1, 0, 0, 1, 0, 1, 1, 0]);
    const result = await cli(
      'train',
      keras,
      '--data',
      writeData('keras-data.json', { input_layer: x, targets }),
      '--epochs',
      '1',
      '--batch-size',
      '4',
      '--output',
      path('out/keras.json'),
      '--backend',
      'reference',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const { history } = JSON.parse(result.stdout);
    // Independent: the untrained model's probabilities through the reference, cross-entropy by hand.
    const { importKerasFromPath } = await import('@rnnkit/keras/node');
    const model = await importKerasFromPath(keras);
    const p = (
      await (await createReferenceBackend().load(model)).run({ [model.spec.input.name]: x })
    ).outputs[model.spec.output.name].data as Float64Array;
    let loss = 0;
    for (let i = 0; i < 4; i++)
      for (let k = 0; k < 2; k++) loss -= (targets.data[i * 2 + k] * Math.log(p[i * 2 + k])) / 4;
    expect(history.loss[0]).toBeCloseTo(loss, 8);
    expect(history.accuracy).toHaveLength(1);
    expect(result.stderr).toMatch(/continuing the file's adam state at step \d+/);
    // Without --epochs/--batch-size the Keras settings are incomplete: a usage error.
    const missing = await cli(
      'train',
      keras,
      '--data',
      path('keras-data.json'),
      '--output',
      path('out/keras.json'),
      '--backend',
      'reference',
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^error \[USAGE\]: training with the Keras file's compile settings needs --epochs and --batch-size/,
    );
  });

  it('exits 2 with one clear line for every bad input', async () => {
    const bad: [string, string[], RegExp][] = [
      [
        'targets int32 for BCE',
        [
          writeData('b1.json', {
            x: tokens,
            targets: int32Tensor([8, 1], [0, 1, 0, 1, 0, 1, 0, 1]),
          }),
        ],
        /INVALID_INPUT.*'targets'.*float32/,
      ],
      [
        'targets wrong shape',
        [writeData('b2.json', { x: tokens, targets: float32Tensor([8], labels.data) })],
        /INVALID_INPUT.*'targets'.*shape/,
      ],
      [
        'targets missing',
        [writeData('b3.json', { x: tokens })],
        /INVALID_INPUT.*'targets' is missing/,
      ],
      [
        'Inf in targets (1e999 parses as Infinity)',
        [
          writeJson(
            'b4.json',
            `{"x": ${JSON.stringify({ dtype: 'int32', shape: [8, 4], data: [...tokens.data] })}, "targets": {"dtype": "float32", "shape": [8, 1], "data": [0, 1, 1e999, 1, 0, 1, 0, 1]}}`,
          ),
        ],
        /INVALID_INPUT.*'targets'.*float32 range/,
      ],
      [
        'NaN in inputs (null, what JSON.stringify writes for NaN)',
        [
          writeJson(
            'b4b.json',
            `{"x": {"dtype": "float32", "shape": [8, 4], "data": [${[...tokens.data].slice(0, 31).join(',')}, null]}, "targets": ${JSON.stringify({ dtype: 'float32', shape: [8, 1], data: [...labels.data] })}}`,
          ),
        ],
        /INVALID_INPUT.*NaN/,
      ],
      [
        'token out of range',
        [
          writeData('b5.json', {
            x: int32Tensor(
              [8, 4],
              tokens.data.map((v) => (v === 5 ? 9 : v)),
            ),
            targets: labels,
          }),
        ],
        /INVALID_INPUT/,
      ],
      [
        'BCE target outside [0, 1]',
        [
          writeData('b6.json', {
            x: tokens,
            targets: float32Tensor([8, 1], [0, 2, 0, 1, 0, 1, 0, 1]),
          }),
        ],
        /INVALID_INPUT.*\[0, 1\]/,
      ],
    ];
    for (const [what, [dataFile], pattern] of bad) {
      const result = await cli(
        'train',
        path('classifier.json'),
        '--data',
        dataFile,
        '--config',
        path('config.json'),
        '--output',
        path('out/bad.json'),
        '--backend',
        'reference',
      );
      expect(result.code, what).toBe(2);
      expect(result.stderr, what).toMatch(pattern);
      expect(result.stderr.trim().split('\n'), what).toHaveLength(1);
    }
    // Class ids out of range with sparse categorical cross-entropy.
    writeJson('sparse.json', config({ loss: 'sparseCategoricalCrossentropy' }));
    const softmax = {
      ...classifier,
      name: 'two-class',
      layers: [
        classifier.layers[0],
        classifier.layers[1],
        { type: 'dense', name: 'dense', units: 2, activation: 'softmax' },
      ],
    } as ModelSpec;
    writeJson('softmax.json', softmax);
    const ids = await cli(
      'train',
      path('softmax.json'),
      '--data',
      writeData('b7.json', { x: tokens, targets: int32Tensor([8], [0, 1, 2, 1, 0, 1, 0, 1]) }),
      '--config',
      path('sparse.json'),
      '--output',
      path('out/bad.json'),
      '--backend',
      'reference',
    );
    expect(ids.code).toBe(2);
    expect(ids.stderr).toMatch(/^error \[INVALID_INPUT\].*class id 2 at flat index 2/);
    // An invalid config field, with its JSON path.
    const field = await cli(
      'train',
      path('classifier.json'),
      '--data',
      path('data.json'),
      '--config',
      writeJson('b8.json', config({ batchSize: 0 })),
      '--output',
      path('out/bad.json'),
      '--backend',
      'reference',
    );
    expect(field.code).toBe(2);
    expect(field.stderr).toMatch(/^error \[INVALID_CONFIG\].*\$\.batchSize/);
    // A backend that does not train.
    const backend = await cli(
      'train',
      path('classifier.json'),
      '--data',
      path('data.json'),
      '--config',
      path('config.json'),
      '--output',
      path('out/bad.json'),
      '--backend',
      'ort-node-cpu',
    );
    expect(backend.code).toBe(2);
    expect(backend.stderr).toMatch(
      /^error \[USAGE\]: backend 'ort-node-cpu' runs models but does not train/,
    );
  });

  it('a diverging loss stops naming epoch and step, and the last good weights are written', async () => {
    // A linear recurrence on tfjs (float32): the first update (lr 1e30) leaves finite weights
    // ~1e30 whose next forward pass overflows, so a later step's loss is not finite.
    const linear: ModelSpec = {
      format: 'rnnkit-model',
      formatVersion: 1,
      name: 'linear-rnn',
      input: { name: 'x', type: 'features', size: 2 },
      layers: [
        { type: 'simpleRnn', name: 'rnn', units: 3, activation: 'linear' },
        { type: 'dense', name: 'dense', units: 1 },
      ],
      output: { name: 'y' },
    };
    await saveModelToFiles(
      { spec: linear, weights: initializeWeights(linear, { seed: 1 }) },
      path('linear.json'),
    );
    writeData('linear-data.json', {
      x: float32Tensor(
        [8, 3, 2],
        Array.from({ length: 48 }, (_, i) => Math.cos(i)),
      ),
      targets: float32Tensor([8, 1], [1, -1, 2, 0, 1, 3, -2, 1]),
    });
    writeJson(
      'diverge.json',
      config({
        loss: 'meanSquaredError',
        metrics: [],
        optimizer: { name: 'sgd', learningRate: 1e30 },
        batchSize: 2,
        epochs: 3,
      }),
    );
    const result = await cli(
      'train',
      path('linear.json'),
      '--data',
      path('linear-data.json'),
      '--config',
      path('diverge.json'),
      '--output',
      path('out/diverged.json'),
      '--backend',
      'tfjs-cpu',
    );
    expect(result.code).toBe(2);
    const line = result.stderr.trim().split('\n').pop() ?? '';
    expect(line).toMatch(
      /^error \[TRAINING_DIVERGED\]: training diverged: the loss became (NaN|Infinity) at epoch 0 step \d+ \(0-based; batch \d+ of 4\); the weights from before that step are kept .*; wrote them to .*diverged\.json$/,
    );
    const inspect = await cli('inspect', path('out/diverged.json'));
    expect(inspect.code, inspect.stderr).toBe(0);
  });
});
