/**
 * TF.js layers' Bidirectional has no backward_layer (it copies the forward layer's config), so a
 * spec whose backward direction has its own activations is refused by name; one whose `backward`
 * repeats the forward activations is written as before. Reading a TF.js model.json whose
 * Bidirectional spells out a backward_layer with other activations is refused: tfjs-layers'
 * Bidirectional.fromConfig ignores backward_layer, so TF.js would not compute them.
 */
import { initializeWeights, type ModelSpec, RnnkitError } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { readTfjsLayersModel } from './read-tfjs-layers.js';
import { writeTfjsLayersModel } from './write-tfjs-layers.js';

function spec(backward: object): ModelSpec {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size: 3 },
    layers: [
      {
        type: 'lstm',
        name: 'bilstm',
        units: 2,
        direction: 'bidirectional',
        recurrentActivation: 'sigmoid',
        backward,
      },
    ],
    output: { name: 'y' },
  };
}

describe('writeTfjsLayersModel and backward activations', () => {
  it('refuses backward activations that differ, naming the feature and path', () => {
    const model = spec({ activation: 'relu' });
    let error: unknown;
    try {
      writeTfjsLayersModel({ spec: model, weights: initializeWeights(model, { seed: 1 }) });
    } catch (caught) {
      error = caught;
    }
    expect(RnnkitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'UNSUPPORTED_FEATURE',
      feature: 'backward activations',
      path: '$.layers[0].backward',
    });
    expect((error as Error).message).toMatch(/no backward_layer/);
  });

  it('writes a backward field that repeats the forward activations', () => {
    const model = spec({ activation: 'tanh', recurrentActivation: 'sigmoid' });
    const artifacts = writeTfjsLayersModel({
      spec: model,
      weights: initializeWeights(model, { seed: 1 }),
    });
    expect(JSON.stringify(artifacts.modelJson.modelTopology)).toMatch(/"Bidirectional"/);
  });
});

describe('readTfjsLayersModel and a backward_layer', () => {
  function withBackwardLayer(activation: string) {
    const model = spec({ activation: 'tanh' });
    const { modelJson, weightData } = writeTfjsLayersModel({
      spec: model,
      weights: initializeWeights(model, { seed: 2 }),
    });
    const json = JSON.parse(JSON.stringify(modelJson));
    const layers = json.modelTopology.config.layers;
    const bidirectional = layers.find(
      (l: { class_name: string }) => l.class_name === 'Bidirectional',
    );
    const inner = bidirectional.config.layer;
    bidirectional.config.backward_layer = {
      ...inner,
      config: { ...inner.config, go_backwards: true, activation },
    };
    return readTfjsLayersModel(json, { 'weights.bin': weightData });
  }

  it('a mirror backward_layer reads as before', () => {
    expect(withBackwardLayer('tanh').spec.layers[0]).not.toHaveProperty('backward');
  });

  it('a backward_layer with other activations is refused by name', () => {
    expect(() => withBackwardLayer('relu')).toThrowError(/TF\.js layers ignores/);
  });
});
