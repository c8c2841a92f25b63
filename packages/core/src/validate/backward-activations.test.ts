/** `backward` (a bidirectional layer's backward activations): where it is valid and what it holds. */
import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import { layerForDirection, recurrentLayers } from '../spec/resolve.js';
import type { ModelSpec } from '../spec/types.js';
import { validateSpec } from './validate-spec.js';

// biome-ignore lint/suspicious/noExplicitAny: tests build deliberately malformed specs
type Loose = any;

function spec(layer: Loose): Loose {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size: 3 },
    layers: [{ name: 'rnn', units: 2, direction: 'bidirectional', ...layer }],
    output: { name: 'y' },
  };
}

function refusal(value: unknown): RnnkitError {
  try {
    validateSpec(value);
  } catch (error) {
    if (RnnkitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the spec to be refused');
}

describe('backward activations in the spec', () => {
  it('are accepted on bidirectional layers of every recurrent type', () => {
    validateSpec(spec({ type: 'simpleRnn', backward: { activation: 'relu' } }));
    validateSpec(
      spec({
        type: 'lstm',
        backward: {
          activation: { name: 'elu', alpha: 1 },
          recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
        },
      }),
    );
    validateSpec(spec({ type: 'gru', resetAfter: true, backward: {} }));
  });

  it('are refused on a layer that is not bidirectional, with the JSON path', () => {
    const error = refusal(
      spec({ type: 'lstm', direction: 'reverse', backward: { activation: 'relu' } }),
    );
    expect(error.code).toBe('INVALID_SPEC');
    expect(error.path).toBe('$.layers[0].backward');
    expect(error.message).toMatch(
      /only valid with direction 'bidirectional', found direction 'reverse'/,
    );
    const implicit = refusal(spec({ type: 'lstm', direction: undefined, backward: {} }));
    expect(implicit.message).toMatch(/found direction 'forward'/);
  });

  it('refuse recurrentActivation on simpleRnn, unknown fields and bad activations by path', () => {
    expect(
      refusal(spec({ type: 'simpleRnn', backward: { recurrentActivation: 'sigmoid' } })).path,
    ).toBe('$.layers[0].backward.recurrentActivation');
    const unknown = refusal(
      spec({ type: 'gru', resetAfter: true, backward: { activaton: 'relu' } }),
    );
    expect(unknown.path).toBe('$.layers[0].backward.activaton');
    expect(unknown.message).toMatch(/unknown field 'activaton'/);
    expect(refusal(spec({ type: 'lstm', backward: 'relu' })).path).toBe('$.layers[0].backward');
    expect(refusal(spec({ type: 'lstm', backward: { activation: 'softmax' } })).path).toBe(
      '$.layers[0].backward.activation',
    );
    expect(
      refusal(spec({ type: 'lstm', backward: { recurrentActivation: { name: 'hardSigmoid' } } }))
        .path,
    ).toMatch(/^\$\.layers\[0\]\.backward\.recurrentActivation/);
  });

  it('resolve: an omitted sub-field is the forward value, and direction 1 sees the backward ones', () => {
    const resolved = recurrentLayers(
      validateSpec(
        spec({ type: 'lstm', activation: 'softsign', backward: { recurrentActivation: 'tanh' } }),
      ) as ModelSpec,
    )[0];
    expect(resolved.backward).toEqual({ activation: 'softsign', recurrentActivation: 'tanh' });
    expect(layerForDirection(resolved, 0).recurrentActivation).toBe('sigmoid');
    expect(layerForDirection(resolved, 1).recurrentActivation).toBe('tanh');
    expect(layerForDirection(resolved, 1).activation).toBe('softsign');
    const plain = recurrentLayers(validateSpec(spec({ type: 'gru', resetAfter: false })))[0];
    expect(plain.backward).toEqual({ activation: 'tanh', recurrentActivation: 'sigmoid' });
  });
});
