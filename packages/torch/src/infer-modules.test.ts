import { RnnkitError } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { inferModuleDescription } from './infer-modules.js';
import { readTorchStateDict } from './read-state-dict.js';
import {
  linearShapes,
  recurrentShapes,
  shapeMap,
  stateDictBytes,
} from './test-support/state-dict.js';

function paths(shapes: Record<string, number[]>): string[] {
  return inferModuleDescription(shapeMap(shapes)).ambiguities.map((a) => a.path);
}

function thrown(run: () => unknown): RnnkitError {
  try {
    run();
  } catch (error) {
    if (RnnkitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an RnnkitError');
}

describe('inferModuleDescription: what the names and shapes tell', () => {
  it('tells nn.RNN, nn.GRU and nn.LSTM apart by the gate count in weight_hh', () => {
    for (const [gates, kind] of [
      [1, 'rnn'],
      [3, 'gru'],
      [4, 'lstm'],
    ] as const) {
      const { description } = inferModuleDescription(shapeMap(recurrentShapes('', gates, 3, 5)));
      expect(description.modules).toEqual([
        { kind, prefix: '', numLayers: 1, bidirectional: false, bias: true, output: 'sequence' },
      ]);
      expect(description.input).toEqual({ type: 'features', size: 3 });
    }
  });

  it('counts layers, sees _reverse and missing biases', () => {
    const shapes = recurrentShapes('encoder.lstm', 4, 3, 5, {
      layers: 3,
      bidirectional: true,
      bias: false,
    });
    const { description, ambiguities } = inferModuleDescription(shapeMap(shapes));
    expect(ambiguities).toEqual([]);
    expect(description.modules[0]).toMatchObject({
      kind: 'lstm',
      prefix: 'encoder.lstm',
      numLayers: 3,
      bidirectional: true,
      bias: false,
    });
  });

  it('an Embedding makes a token model; modules are ordered by size, not by name', () => {
    const shapes = {
      ...linearShapes('a_head', 8, 3),
      ...recurrentShapes('m_gru', 3, 4, 8),
      'z_embedding.weight': [10, 4],
    };
    const { description } = inferModuleDescription(shapeMap(shapes));
    expect(description.input).toEqual({ type: 'tokens' });
    expect(description.modules.map((m) => m.kind)).toEqual(['embedding', 'gru', 'linear']);
  });

  it('chains two recurrent modules by size; the first feeds the second its sequence', () => {
    const shapes = { ...recurrentShapes('dec', 3, 8, 5), ...recurrentShapes('enc', 4, 3, 8) };
    const { description, ambiguities } = inferModuleDescription(shapeMap(shapes));
    expect(ambiguities).toEqual([]);
    expect(
      description.modules.map((m) => [
        m.kind,
        'prefix' in m ? m.prefix : '',
        'output' in m ? m.output : '',
      ]),
    ).toEqual([
      ['lstm', 'enc', 'sequence'],
      ['gru', 'dec', 'sequence'],
    ]);
  });

  it('a bias-free weight that only fits after the recurrent module is a Linear', () => {
    const shapes = { ...recurrentShapes('lstm', 4, 3, 4), ...linearShapes('head', 4, 2, false) };
    const { description } = inferModuleDescription(shapeMap(shapes));
    expect(description.modules[1]).toEqual({ kind: 'linear', prefix: 'head', bias: false });
  });
});

describe('inferModuleDescription: what it asks for', () => {
  it("nn.RNN's nonlinearity (not in a state dict)", () => {
    const inferred = inferModuleDescription(shapeMap(recurrentShapes('rnn', 1, 3, 5)));
    expect(inferred.ambiguities).toEqual([
      {
        path: 'modules[0].nonlinearity',
        question: expect.stringContaining('nn.RNN'),
        choices: ['tanh', 'relu'],
      },
    ]);
  });

  it('which recurrent output a following Linear reads', () => {
    const shapes = {
      'embedding.weight': [10, 4],
      ...recurrentShapes('lstm', 4, 4, 6),
      ...linearShapes('fc', 6, 1),
    };
    const inferred = inferModuleDescription(shapeMap(shapes));
    expect(inferred.ambiguities).toEqual([
      {
        path: 'modules[1].output',
        question: expect.any(String),
        choices: ['lastStep', 'finalHidden', 'sequence'],
      },
    ]);
    const bidirectional = {
      ...recurrentShapes('gru', 3, 4, 6, { bidirectional: true }),
      ...linearShapes('fc', 12, 1),
    };
    expect(inferModuleDescription(shapeMap(bidirectional)).ambiguities[0].choices).toEqual([
      'finalHidden',
      'sequence',
    ]);
  });

  it('the activation between two Linear modules', () => {
    const shapes = {
      ...recurrentShapes('gru', 3, 3, 5),
      ...linearShapes('fc1', 5, 7),
      ...linearShapes('fc2', 7, 2),
    };
    expect(paths(shapes)).toEqual(['modules[0].output', 'modules[1].activation']);
  });

  it('the order, when equal sizes allow several', () => {
    const shapes = { ...recurrentShapes('first', 4, 4, 4), ...recurrentShapes('second', 4, 4, 4) };
    expect(paths(shapes)).toEqual(['modules']);
  });

  it('Embedding or bias-free Linear, when both fit', () => {
    const shapes = { ...recurrentShapes('gru', 3, 6, 6), 'w.weight': [6, 6] };
    const inferred = inferModuleDescription(shapeMap(shapes));
    expect(inferred.ambiguities.map((a) => a.question).join('\n')).toContain(
      'nn.Embedding or a bias-free nn.Linear',
    );
  });

  it('readTorchStateDict without a description names the question and what to pass', () => {
    const error = thrown(() =>
      readTorchStateDict(
        stateDictBytes({ ...recurrentShapes('rnn', 1, 10, 20), ...linearShapes('fc', 20, 5) }),
      ),
    );
    expect(error.code).toBe('MODEL_FORMAT');
    expect(error.path).toBe('modules[0].nonlinearity');
    expect(error.message).toContain('modules[0].nonlinearity');
    expect(error.message).toContain('modules[0].output');
    expect(error.message).toContain('Pass { modules }');
    expect(error.message).toContain('"prefix":"fc"');
  });

  it('with the answers given, the same file reads', () => {
    const bytes = stateDictBytes({
      ...recurrentShapes('rnn', 1, 10, 20),
      ...linearShapes('fc', 20, 5),
    });
    const model = readTorchStateDict(bytes, {
      modules: {
        modules: [
          { kind: 'rnn', prefix: 'rnn', nonlinearity: 'relu', output: 'lastStep' },
          { kind: 'linear', prefix: 'fc', activation: 'softmax' },
        ],
      },
    });
    expect(model.spec.layers).toEqual([
      {
        type: 'simpleRnn',
        name: 'rnn',
        units: 20,
        activation: 'relu',
        recurrentBias: true,
        returnSequences: false,
      },
      { type: 'dense', name: 'fc', units: 5, activation: 'softmax' },
    ]);
  });
});
