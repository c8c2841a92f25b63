/**
 * Keras 3 `Bidirectional(layer, backward_layer=...)` whose backward layer has other activations
 * (issue 13): imported as the spec's `backward` activations and run on the reference against an
 * independent PyTorch float64 run of Keras's maths (__fixtures__/independent/make_idioms.py,
 * `k3_backward_activation_cases`). A backward layer differing in anything else is refused by name.
 */
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importKeras } from './import-keras.js';
import { fixtureBytes, independentCase } from './test-support/fixtures.js';
import { expectClose, runOnReference } from './test-support/reference.js';

const FLOAT64 = { atol: 1e-9, rtol: 1e-7 };

async function expectMatches(name: string) {
  const model = await importKeras({ [`${name}.keras`]: fixtureBytes(`independent/${name}.keras`) });
  const expected = independentCase(name);
  const { output } = await runOnReference(model, expected.input);
  expect(output.shape).toEqual(expected.output.shape);
  expectClose(output.data as Float64Array, expected.output.data, FLOAT64, name);
  return model;
}

/** The fixture with its Bidirectional's backward layer config edited. */
function editedBackward(name: string, edit: (config: Record<string, unknown>) => void): Uint8Array {
  const files = unzipSync(fixtureBytes(`independent/${name}.keras`));
  const config = JSON.parse(new TextDecoder().decode(files['config.json']));
  const bidirectional = config.config.layers.find(
    (l: { class_name: string }) => l.class_name === 'Bidirectional',
  );
  edit(bidirectional.config.backward_layer.config);
  files['config.json'] = new TextEncoder().encode(JSON.stringify(config));
  return zipSync(files);
}

describe('Keras Bidirectional with a backward layer of other activations', () => {
  it('LSTM, backward relu / hard_sigmoid (Keras 3: 1/6, 0.5), masked sequences', async () => {
    const model = await expectMatches('keras3_bidirectional_backward_activations');
    expect(model.spec.layers[1]).toMatchObject({
      type: 'lstm',
      direction: 'bidirectional',
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      backward: {
        activation: 'relu',
        recurrentActivation: { name: 'hardSigmoid', alpha: 1 / 6, beta: 0.5 },
      },
      paddedOutputs: 'zero',
    });
  });

  it('GRU sum, backward relu only: the gate activation is not written', async () => {
    const model = await expectMatches('keras3_bidirectional_gru_backward_relu');
    expect(model.spec.layers[0]).toMatchObject({
      mergeMode: 'sum',
      backward: { activation: 'relu' },
    });
    expect((model.spec.layers[0] as { backward?: object }).backward).toEqual({
      activation: 'relu',
    });
  });

  it('a backward layer that mirrors the forward one gets no backward field', async () => {
    const bytes = editedBackward('keras3_bidirectional_gru_backward_relu', (c) => {
      c.activation = 'tanh';
    });
    const model = await importKeras({ 'mirror.keras': bytes });
    expect(model.spec.layers[0]).not.toHaveProperty('backward');
  });

  it.each([
    [
      'units',
      (c: Record<string, unknown>) => (c.units = 3),
      /differs from its forward layer in units/,
    ],
    ['use_bias', (c: Record<string, unknown>) => (c.use_bias = false), /in use_bias/],
    ['reset_after', (c: Record<string, unknown>) => (c.reset_after = false), /reset_after/],
  ])('refuses a backward layer with other %s, by name', async (_, edit, message) => {
    const bytes = editedBackward('keras3_bidirectional_gru_backward_relu', edit);
    await expect(importKeras({ 'edited.keras': bytes })).rejects.toMatchObject({
      code: 'UNSUPPORTED_FEATURE',
      message: expect.stringMatching(message),
    });
  });
});
