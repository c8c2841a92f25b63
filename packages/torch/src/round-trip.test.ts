/** spec -> state dict -> spec, and PyTorch's own files -> rnnkit -> the same tensors. */
import { readdirSync, readFileSync } from 'node:fs';
import {
  charRnnSpec,
  decodeSafetensors,
  expectedWeights,
  gruLanguageModelSpec,
  type Model,
  type ModelSpec,
  Random,
  RnnkitError,
  sentimentLstmSpec,
  validateSpec,
  type Weights,
} from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { describeSpec } from './describe-spec.js';
import type { ModuleDescription } from './module-description.js';
import { readTorchStateDict } from './read-state-dict.js';
import { writeTorchStateDict } from './write-state-dict.js';

function randomModel(spec: ModelSpec, seed = 7): Model {
  const random = new Random(seed);
  const weights: Weights = new Map();
  for (const { name, shape } of expectedWeights(spec)) {
    const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () =>
      random.uniformIn(-1, 1),
    );
    weights.set(name, { shape, data });
  }
  return { spec, weights };
}

/** The spec with fields equal to their documented defaults removed, so explicit = implicit. */
function withoutDefaults(spec: ModelSpec): unknown {
  const defaults: Record<string, unknown> = {
    returnSequences: false,
    useBias: true,
    recurrentBias: false,
    direction: 'forward',
    mergeMode: 'concat',
    maskZero: false,
  };
  return {
    ...spec,
    layers: spec.layers.map((layer) =>
      Object.fromEntries(
        Object.entries(layer).filter(
          ([key, value]) =>
            defaults[key] !== value &&
            !(key === 'activation' && value === (layer.type === 'dense' ? 'linear' : 'tanh')),
        ),
      ),
    ),
  };
}

const stacked = validateSpec({
  format: 'rnnkit-model',
  formatVersion: 1,
  name: 'stacked',
  input: { name: 'x', type: 'features', size: 3, timeSteps: 4 },
  layers: [
    ...[0, 1, 2].map((k) => ({
      type: 'lstm',
      name: `rnn_l${k}`,
      units: 5,
      direction: 'bidirectional',
      recurrentBias: true,
      returnSequences: k < 2,
    })),
    { type: 'dropout', name: 'drop', rate: 0.5 },
    { type: 'dense', name: 'fc', units: 2, useBias: false },
  ],
  output: { name: 'y' },
});

const specs: [string, ModelSpec][] = [
  ['char RNN', charRnnSpec({ inputSize: 4, hiddenSize: 5, outputSize: 3 })],
  ['GRU language model', gruLanguageModelSpec({ vocabularySize: 12, embeddingDim: 3, units: 4 })],
  ['stacked bidirectional LSTM', stacked],
];

describe('spec -> state dict -> spec', () => {
  for (const [label, spec] of specs) {
    const model = randomModel(spec);

    it(`${label}: identical through the recorded spec`, () => {
      const read = readTorchStateDict(writeTorchStateDict(model));
      expect(read.spec).toEqual(model.spec);
      expect(read.weights).toEqual(model.weights);
    });

    it(`${label}: identical through { spec } on a file without metadata`, () => {
      const read = readTorchStateDict(writeTorchStateDict(model, { spec: false }), { spec });
      expect(read.spec).toEqual(model.spec);
      expect(read.weights).toEqual(model.weights);
    });

    it(`${label}: identical through the module description (up to defaults written out)`, () => {
      const { description } = describeSpec(spec, { strict: true });
      const read = readTorchStateDict(writeTorchStateDict(model, { spec: false }), {
        modules: description,
      });
      expect(withoutDefaults(read.spec)).toEqual(withoutDefaults(model.spec));
      expect(read.weights).toEqual(model.weights);
    });
  }

  it('writes PyTorch names: a multi-layer module under its prefix, F32, format pt', () => {
    const decoded = decodeSafetensors(writeTorchStateDict(randomModel(stacked)));
    expect([...decoded.tensors.keys()].sort()).toEqual(
      [
        'fc.weight',
        ...[0, 1, 2].flatMap((k) =>
          ['', '_reverse'].flatMap((s) =>
            ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'].map((p) => `rnn.${p}_l${k}${s}`),
          ),
        ),
      ].sort(),
    );
    expect([...decoded.tensors.values()].every((t) => t.dtype === 'F32')).toBe(true);
    expect(decoded.tensors.get('rnn.weight_ih_l1')?.shape).toEqual([20, 10]);
    expect(decoded.metadata.format).toBe('pt');
  });

  it('prefixes put a module under another attribute path, and reading the file back keeps them', () => {
    const model = randomModel(charRnnSpec({ inputSize: 2, hiddenSize: 3, outputSize: 2 }));
    const bytes = writeTorchStateDict(model, { prefixes: { rnn: 'encoder.rnn', fc: 'head' } });
    expect([...decodeSafetensors(bytes).tensors.keys()].sort()).toEqual([
      'encoder.rnn.bias_hh_l0',
      'encoder.rnn.bias_ih_l0',
      'encoder.rnn.weight_hh_l0',
      'encoder.rnn.weight_ih_l0',
      'head.bias',
      'head.weight',
    ]);
    expect(readTorchStateDict(bytes)).toEqual(model);
    const bare = writeTorchStateDict(model, {
      spec: false,
      prefixes: { rnn: 'encoder.rnn', fc: 'head' },
    });
    expect(
      readTorchStateDict(bare, { spec: model.spec, prefixes: { rnn: 'encoder.rnn', fc: 'head' } }),
    ).toEqual(model);
  });

  it('refuses two modules under one prefix instead of dropping one of them', () => {
    const twoRnns = validateSpec({
      format: 'rnnkit-model',
      formatVersion: 1,
      input: { name: 'x', type: 'features', size: 2 },
      layers: [
        {
          type: 'simpleRnn',
          name: 'rnn.RNN',
          units: 3,
          recurrentBias: true,
          returnSequences: true,
        },
        { type: 'simpleRnn', name: 'rnn.RNN_1', units: 3, recurrentBias: true },
      ],
      output: { name: 'y' },
    });
    const model = randomModel(twoRnns);
    let caught: unknown;
    try {
      writeTorchStateDict(model, { prefixes: { 'rnn.RNN': 'rnn', 'rnn.RNN_1': 'rnn' } });
    } catch (error) {
      caught = error;
    }
    expect(RnnkitError.isInstance(caught)).toBe(true);
    expect((caught as RnnkitError).code).toBe('INVALID_SPEC');
    expect((caught as RnnkitError).message).toMatch(/'rnn\.RNN' and 'rnn\.RNN_1'.*prefix 'rnn'/);
    // Named as one module's layers, they are written as one two-layer module.
    const renamed = validateSpec({
      ...twoRnns,
      layers: twoRnns.layers.map((layer, index) => ({ ...layer, name: `rnn_l${index}` })),
    });
    const keys = [...decodeSafetensors(writeTorchStateDict(randomModel(renamed))).tensors.keys()];
    expect(keys.sort()).toEqual(
      [0, 1]
        .flatMap((k) =>
          ['bias_hh', 'bias_ih', 'weight_hh', 'weight_ih'].map((p) => `rnn.${p}_l${k}`),
        )
        .sort(),
    );
  });

  it('a Keras-shaped spec (recurrentBias false) gets bias_hh = 0 and reads back', () => {
    const model = randomModel(sentimentLstmSpec({ vocabularySize: 8, embeddingDim: 3, units: 4 }));
    const bytes = writeTorchStateDict(model);
    expect(
      [...(decodeSafetensors(bytes).tensors.get('lstm.bias_hh_l0')?.data ?? [1])].every(
        (v) => v === 0,
      ),
    ).toBe(true);
    expect(readTorchStateDict(bytes).weights).toEqual(model.weights);
  });
});

describe("PyTorch's files -> rnnkit -> PyTorch's tensors", () => {
  const directory = new URL('./__fixtures__/torch-written/', import.meta.url);
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.safetensors'))) {
    it(file, () => {
      const bytes = new Uint8Array(readFileSync(new URL(file, directory)));
      const fixture = JSON.parse(
        readFileSync(new URL(file.replace('.safetensors', '.json'), directory), 'utf8'),
      ) as {
        modules: ModuleDescription | null;
      };
      const model = readTorchStateDict(bytes, fixture.modules ? { modules: fixture.modules } : {});
      const original = decodeSafetensors(bytes).tensors;
      // The bare nn.GRU's state dict has no prefix; its layer is named after its kind.
      const prefixes = fixture.modules ? undefined : { gru: '' };
      const written = decodeSafetensors(writeTorchStateDict(model, { prefixes })).tensors;
      expect([...written.keys()].sort()).toEqual([...original.keys()].sort());
      for (const [name, tensor] of original) {
        expect(written.get(name)?.shape, name).toEqual(tensor.shape);
        expect([...(written.get(name)?.data ?? [])], name).toEqual([
          ...Float32Array.from(tensor.data as Float32Array),
        ]);
      }
    });
  }
});

describe('writeTorchStateDict refuses what PyTorch modules cannot compute', () => {
  function spec(
    layer: object,
    input: object = { name: 'x', type: 'features', size: 2 },
  ): ModelSpec {
    return validateSpec({
      format: 'rnnkit-model',
      formatVersion: 1,
      input,
      layers: [layer],
      output: { name: 'y' },
    });
  }
  const cases: [string, ModelSpec, string][] = [
    [
      'reverse direction',
      spec({ type: 'gru', name: 'g', units: 2, resetAfter: true, direction: 'reverse' }),
      'direction reverse',
    ],
    [
      'sum merge',
      spec({ type: 'lstm', name: 'l', units: 2, direction: 'bidirectional', mergeMode: 'sum' }),
      'mergeMode sum',
    ],
    ['peepholes', spec({ type: 'lstm', name: 'l', units: 2, peepholes: true }), 'lstm peepholes'],
    [
      'GRU reset before',
      spec({ type: 'gru', name: 'g', units: 2, resetAfter: false }),
      'gru resetAfter false',
    ],
    [
      'sigmoid simpleRnn',
      spec({ type: 'simpleRnn', name: 'r', units: 2, activation: 'sigmoid' }),
      'simpleRnn activation sigmoid',
    ],
    [
      'relu LSTM',
      spec({ type: 'lstm', name: 'l', units: 2, activation: 'relu' }),
      'lstm activation relu',
    ],
    [
      'hard sigmoid gates',
      spec({
        type: 'lstm',
        name: 'l',
        units: 2,
        recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
      }),
      'lstm recurrentActivation hardSigmoid',
    ],
  ];
  it.each(cases)('%s', (_, modelSpec, feature) => {
    try {
      writeTorchStateDict(randomModel(modelSpec));
      throw new Error('expected a refusal');
    } catch (error) {
      expect(RnnkitError.isInstance(error) && [error.code, error.feature]).toEqual([
        'UNSUPPORTED_FEATURE',
        feature,
      ]);
    }
  });

  it('Embedding maskZero', () => {
    const masked = sentimentLstmSpec({
      vocabularySize: 8,
      embeddingDim: 3,
      units: 4,
      maskZero: true,
    });
    expect(() => writeTorchStateDict(randomModel(masked))).toThrow(/maskZero/);
  });

  it('an invalid model (missing weight) before writing anything', () => {
    const model = randomModel(stacked);
    model.weights.delete('fc/kernel');
    expect(() => writeTorchStateDict(model)).toThrow(
      expect.objectContaining({ code: 'INVALID_WEIGHTS', path: 'fc/kernel' }),
    );
  });
});
