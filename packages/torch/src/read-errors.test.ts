/** Every refusal of readTorchStateDict: code and the tensor or field it names. */
import { encodeSafetensors, RnnkitError } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import type { ModuleDescription } from './module-description.js';
import { readTorchStateDict } from './read-state-dict.js';
import {
  linearShapes,
  recurrentShapes,
  type Shapes,
  stateDictBytes,
} from './test-support/state-dict.js';

function thrown(run: () => unknown): RnnkitError {
  try {
    run();
  } catch (error) {
    if (RnnkitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an RnnkitError');
}

const sentiment: Shapes = {
  'embedding.weight': [10, 4],
  ...recurrentShapes('lstm', 4, 4, 6),
  ...linearShapes('fc', 6, 1),
};
const sentimentModules: ModuleDescription = {
  modules: [
    { kind: 'embedding', prefix: 'embedding' },
    { kind: 'lstm', prefix: 'lstm', output: 'finalHidden' },
    { kind: 'linear', prefix: 'fc', activation: 'sigmoid' },
  ],
};

/** `null`: no description (inference). */
function withShapes(
  shapes: Shapes,
  modules: ModuleDescription | null = sentimentModules,
): RnnkitError {
  return thrown(() => readTorchStateDict(stateDictBytes(shapes), modules ? { modules } : {}));
}

function without(shapes: Shapes, name: string): Shapes {
  const copy = { ...shapes };
  delete copy[name];
  return copy;
}

describe('readTorchStateDict refuses bad state dicts, naming the tensor', () => {
  it('the description reads the good file', () => {
    expect(
      readTorchStateDict(stateDictBytes(sentiment), { modules: sentimentModules }).spec.layers,
    ).toHaveLength(3);
  });

  it.each([
    ['lstm.bias_hh_l0', 'missing'],
    ['lstm.weight_ih_l0', 'missing'],
    ['fc.bias', 'missing'],
  ])('a missing %s', (name) => {
    // fc.bias missing with bias not stated: the Linear is bias-free, and the spec keeps it so.
    const shapes = without(sentiment, name);
    if (name === 'fc.bias') {
      const error = withShapes(shapes, {
        modules: [
          sentimentModules.modules[0],
          sentimentModules.modules[1],
          { kind: 'linear', prefix: 'fc', bias: true },
        ],
      });
      expect([error.code, error.path]).toEqual(['INVALID_WEIGHTS', 'fc.bias']);
      return;
    }
    const error = withShapes(shapes);
    expect([error.code, error.path]).toEqual(['INVALID_WEIGHTS', name]);
    expect(error.message).toContain('missing');
  });

  it('an extra tensor no module uses', () => {
    const error = withShapes({ ...sentiment, 'classifier.weight': [2, 2] });
    expect([error.code, error.path]).toEqual(['INVALID_WEIGHTS', 'classifier.weight']);
    expect(error.message).toContain('not used by any module');
  });

  it('a tensor no supported module registers (inference)', () => {
    const error = withShapes({ ...sentiment, 'bn.running_mean': [6] }, null);
    expect([error.code, error.path]).toEqual(['INVALID_WEIGHTS', 'bn.running_mean']);
  });

  it('a wrong shape', () => {
    const error = withShapes({ ...sentiment, 'fc.weight': [1, 5] });
    expect([error.code, error.path]).toEqual(['INVALID_WEIGHTS', 'fc.weight']);
    expect(error.message).toContain('expected [1, 6]');
    const bias = withShapes({ ...sentiment, 'lstm.bias_ih_l0': [23] });
    expect([bias.code, bias.path]).toEqual(['INVALID_WEIGHTS', 'lstm.bias_ih_l0']);
    const input = withShapes({ ...sentiment, 'lstm.weight_ih_l0': [24, 5] });
    expect([input.code, input.path]).toEqual(['INVALID_WEIGHTS', 'lstm.weight_ih_l0']);
  });

  it('a weight_hh that is no gate multiple of its hidden size', () => {
    for (const modules of [sentimentModules, null]) {
      const error = withShapes({ ...sentiment, 'lstm.weight_hh_l0': [20, 6] }, modules);
      expect([error.code, error.path]).toEqual(['INVALID_WEIGHTS', 'lstm.weight_hh_l0']);
    }
  });

  it('a described kind that does not fit the shapes', () => {
    const error = withShapes(sentiment, {
      modules: [
        sentimentModules.modules[0],
        { kind: 'gru', prefix: 'lstm', output: 'finalHidden' },
        sentimentModules.modules[2],
      ],
    });
    expect([error.code, error.path]).toEqual(['INVALID_WEIGHTS', 'lstm.weight_hh_l0']);
  });

  it('integer tensors', () => {
    const bytes = encodeSafetensors(
      new Map([['lstm.weight_ih_l0', { dtype: 'I32', shape: [1], data: new Int32Array(1) }]]),
    );
    const error = thrown(() => readTorchStateDict(bytes));
    expect([error.code, error.path]).toEqual(['INVALID_WEIGHTS', 'lstm.weight_ih_l0']);
  });

  it('bytes that are not safetensors', () => {
    expect(thrown(() => readTorchStateDict(new Uint8Array([1, 2, 3]))).code).toBe(
      'INVALID_WEIGHTS',
    );
  });

  it('numLayers or bias stated but not matching the names', () => {
    const twoLayers = { ...recurrentShapes('rnn', 1, 3, 4, { layers: 2 }) };
    const rnn = (extra: object): ModuleDescription => ({
      modules: [{ kind: 'rnn', prefix: 'rnn', nonlinearity: 'tanh', ...extra }],
    });
    const fewer = withShapes(twoLayers, rnn({ numLayers: 1 }));
    expect([fewer.code, fewer.path?.endsWith('_l1')]).toEqual(['INVALID_WEIGHTS', true]);
    expect(fewer.message).toContain('rnn.weight_ih_l1');
    expect(withShapes(twoLayers, rnn({ numLayers: 3 })).path).toBe('rnn.weight_ih_l2');
    const biases = withShapes(twoLayers, rnn({ bias: false }));
    expect([biases.code, biases.path?.startsWith('rnn.bias_')]).toEqual(['INVALID_WEIGHTS', true]);
    expect(biases.message).toContain('rnn.bias_ih_l0');
    expect(withShapes(twoLayers, rnn({ bidirectional: true })).path).toBe(
      'rnn.weight_ih_l0_reverse',
    );
  });

  it('LSTM projections (proj_size) are refused', () => {
    const shapes = { ...recurrentShapes('lstm', 4, 3, 6), 'lstm.weight_hr_l0': [2, 6] };
    for (const modules of [{ modules: [{ kind: 'lstm' as const, prefix: 'lstm' }] }, null]) {
      const error = withShapes(shapes, modules);
      expect([error.code, error.feature, error.path]).toEqual([
        'UNSUPPORTED_FEATURE',
        'LSTM proj_size',
        'lstm.weight_hr_l0',
      ]);
    }
  });

  it("output 'lastStep' of a bidirectional module is refused (out[:, -1, :] is not a final state)", () => {
    const shapes = {
      ...recurrentShapes('gru', 3, 3, 4, { bidirectional: true }),
      ...linearShapes('fc', 8, 2),
    };
    const error = withShapes(shapes, {
      modules: [
        { kind: 'gru', prefix: 'gru', output: 'lastStep' },
        { kind: 'linear', prefix: 'fc' },
      ],
    });
    expect([error.code, error.path]).toEqual(['UNSUPPORTED_FEATURE', 'modules[0].output']);
    expect(error.message).toContain('finalHidden');
  });

  it('no recurrent module, or sizes that do not chain', () => {
    expect(withShapes(linearShapes('fc', 3, 2), null).code).toBe('MODEL_FORMAT');
    const error = withShapes(
      { ...recurrentShapes('lstm', 4, 3, 6), ...linearShapes('fc', 7, 2) },
      null,
    );
    expect([error.code, error.path]).toEqual(['MODEL_FORMAT', 'modules']);
    expect(error.message).toContain("'fc' linear 7->2");
  });

  it('too many modules to order by size', () => {
    const shapes: Shapes = { ...recurrentShapes('lstm', 4, 3, 4) };
    for (let i = 0; i < 12; i++) Object.assign(shapes, linearShapes(`fc${i}`, 4, 4));
    expect(withShapes(shapes, null).code).toBe('MODEL_FORMAT');
  });

  it('recorded rnnkit.spec metadata that is not JSON, or not a spec', () => {
    const bad = stateDictBytes(recurrentShapes('', 3, 3, 4), 1, { 'rnnkit.spec': '{' });
    expect(thrown(() => readTorchStateDict(bad))).toMatchObject({
      code: 'MODEL_FORMAT',
      path: 'rnnkit.spec',
    });
    const wrong = stateDictBytes(recurrentShapes('', 3, 3, 4), 1, {
      'rnnkit.spec': '{"format":"x"}',
    });
    expect(thrown(() => readTorchStateDict(wrong)).code).toBe('INVALID_SPEC');
  });

  it('a spec with recurrentBias false, and a bias_hh that is not zero', () => {
    const error = thrown(() =>
      readTorchStateDict(stateDictBytes(sentiment), {
        spec: {
          format: 'rnnkit-model',
          formatVersion: 1,
          input: { name: 'tokens', type: 'tokens' },
          layers: [
            { type: 'embedding', name: 'embedding', inputDim: 10, outputDim: 4 },
            { type: 'lstm', name: 'lstm', units: 6 },
            { type: 'dense', name: 'fc', units: 1, activation: 'sigmoid' },
          ],
          output: { name: 'p' },
        },
      }),
    );
    expect([error.code, error.path]).toEqual(['INVALID_WEIGHTS', 'lstm/recurrentBias']);
  });
});

describe('readTorchStateDict refuses bad descriptions, naming the field', () => {
  const rnnShapes = recurrentShapes('rnn', 1, 3, 4);
  const cases: [string, unknown, string][] = [
    ['not an object', 'rnn', '$'],
    ['no modules', { modules: [] }, 'modules'],
    ['an unknown kind', { modules: [{ kind: 'conv', prefix: 'rnn' }] }, 'modules[0].kind'],
    [
      'nn.RNN without nonlinearity',
      { modules: [{ kind: 'rnn', prefix: 'rnn' }] },
      'modules[0].nonlinearity',
    ],
    [
      'a nonlinearity on an LSTM',
      { modules: [{ kind: 'lstm', prefix: 'rnn', nonlinearity: 'tanh' }] },
      'modules[0].nonlinearity',
    ],
    ['no prefix', { modules: [{ kind: 'rnn', nonlinearity: 'tanh' }] }, 'modules[0].prefix'],
    [
      'a prefix used twice',
      {
        modules: [
          { kind: 'rnn', prefix: 'rnn', nonlinearity: 'tanh' },
          { kind: 'linear', prefix: 'rnn' },
        ],
      },
      'modules[1].prefix',
    ],
    [
      'a bad numLayers',
      { modules: [{ kind: 'rnn', prefix: 'rnn', nonlinearity: 'tanh', numLayers: 0 }] },
      'modules[0].numLayers',
    ],
    [
      'a bad output',
      { modules: [{ kind: 'rnn', prefix: 'rnn', nonlinearity: 'tanh', output: 'last' }] },
      'modules[0].output',
    ],
    [
      'a bad dropout rate',
      { modules: [{ kind: 'dropout', name: 'd', rate: 2 }] },
      'modules[0].rate',
    ],
    [
      'tokens without an Embedding',
      {
        modules: [{ kind: 'rnn', prefix: 'rnn', nonlinearity: 'tanh' }],
        input: { type: 'tokens' },
      },
      'input.type',
    ],
    ['a Linear first', { modules: [{ kind: 'linear', prefix: 'rnn' }] }, 'modules[0]'],
  ];
  it.each(cases)('%s', (_, modules, path) => {
    const error = thrown(() =>
      readTorchStateDict(stateDictBytes(rnnShapes), { modules: modules as ModuleDescription }),
    );
    expect([error.code, error.path]).toEqual(['INVALID_SPEC', path]);
  });

  it('features input with an Embedding, an Embedding not first, a recurrent module after a last-step output', () => {
    const base = sentimentModules.modules;
    expect(withShapes(sentiment, { modules: base, input: { type: 'features' } }).path).toBe(
      'input.type',
    );
    const twoRnn = { ...recurrentShapes('a', 4, 3, 4), ...recurrentShapes('b', 4, 4, 4) };
    const error = withShapes(twoRnn, {
      modules: [
        { kind: 'lstm', prefix: 'a', output: 'finalHidden' },
        { kind: 'lstm', prefix: 'b' },
      ],
    });
    expect([error.code, error.path]).toEqual(['INVALID_SPEC', 'modules[1]']);
    const late = withShapes(sentiment, { modules: [base[1], base[0], base[2]] });
    expect(late.code).toBe('INVALID_SPEC');
  });

  it('an activation the spec does not know', () => {
    const error = withShapes(sentiment, {
      modules: [
        sentimentModules.modules[0],
        sentimentModules.modules[1],
        { kind: 'linear', prefix: 'fc', activation: 'swish' as never },
      ],
    });
    expect(error.code).toBe('INVALID_SPEC');
  });
});
