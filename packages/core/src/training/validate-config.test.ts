import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import { parseTrainingConfig, resolveLoss, validateTrainingConfig } from './validate-config.js';

const base = () => ({
  format: 'rnnkit-training',
  formatVersion: 1,
  loss: 'binaryCrossentropy',
  optimizer: { name: 'adam', learningRate: 0.001, epsilon: 1e-7, epsilonStyle: 'keras' },
  batchSize: 32,
  epochs: 2,
});

function errorOf(json: unknown): RnnkitError {
  try {
    validateTrainingConfig(json);
  } catch (error) {
    if (RnnkitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an INVALID_CONFIG error');
}

describe('validateTrainingConfig', () => {
  it('accepts a minimal config and a full one', () => {
    expect(validateTrainingConfig(base()).batchSize).toBe(32);
    const full = {
      ...base(),
      loss: { name: 'sparseCategoricalCrossentropy', fromLogits: true },
      optimizer: {
        name: 'rmsprop',
        learningRate: 0.01,
        rho: 0.9,
        epsilon: 1e-8,
        momentum: 0.5,
        centered: true,
        epsilonStyle: 'pytorch',
      },
      shuffle: true,
      seed: 7,
      clipNorm: 1,
      clipNormScope: 'perTensor',
      metrics: ['accuracy'],
      earlyStopping: {
        monitor: 'valAccuracy',
        patience: 2,
        minDelta: 0.01,
        restoreBestWeights: true,
      },
      truncatedBptt: { steps: 50 },
    };
    expect(validateTrainingConfig(full)).toEqual(full);
    expect(
      validateTrainingConfig({
        ...base(),
        optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true },
      }).optimizer.name,
    ).toBe('sgd');
  });

  it.each([
    [{ ...base(), format: 'rnnkit-model' }, '$.format'],
    [{ ...base(), formatVersion: 2 }, '$.formatVersion'],
    [{ ...base(), batchsize: 3 }, '$.batchsize'],
    [{ ...base(), batchSize: 0 }, '$.batchSize'],
    [{ ...base(), batchSize: 1.5 }, '$.batchSize'],
    [{ ...base(), epochs: undefined }, '$.epochs'],
    [{ ...base(), loss: 'hinge' }, '$.loss'],
    [{ ...base(), loss: { name: 'binaryCrossentropy', fromLogit: true } }, '$.loss.fromLogit'],
    [{ ...base(), loss: { name: 'meanSquaredError', fromLogits: true } }, '$.loss.fromLogits'],
    [
      {
        ...base(),
        loss: { name: 'binaryCrossentropy', fromLogits: true, probabilityClipping: 'keras' },
      },
      '$.loss.probabilityClipping',
    ],
    [
      { ...base(), loss: { name: 'binaryCrossentropy', probabilityClipping: 'tf' } },
      '$.loss.probabilityClipping',
    ],
    [{ ...base(), optimizer: { name: 'adagrad', learningRate: 1 } }, '$.optimizer.name'],
    [
      { ...base(), optimizer: { name: 'adam', learningRate: 0.1, epsilon: 1e-7 } },
      '$.optimizer.epsilonStyle',
    ],
    [
      { ...base(), optimizer: { ...base().optimizer, learningRate: 0 } },
      '$.optimizer.learningRate',
    ],
    [
      { ...base(), optimizer: { ...base().optimizer, learningRate: Number.NaN } },
      '$.optimizer.learningRate',
    ],
    [{ ...base(), optimizer: { ...base().optimizer, beta1: 1 } }, '$.optimizer.beta1'],
    [{ ...base(), optimizer: { ...base().optimizer, beta2: -0.1 } }, '$.optimizer.beta2'],
    [{ ...base(), optimizer: { ...base().optimizer, epsilon: 0 } }, '$.optimizer.epsilon'],
    [{ ...base(), optimizer: { ...base().optimizer, rho: 0.9 } }, '$.optimizer.rho'],
    [
      {
        ...base(),
        optimizer: { name: 'rmsprop', learningRate: 0.1, epsilon: 1e-7, epsilonStyle: 'keras' },
      },
      '$.optimizer.rho',
    ],
    [
      { ...base(), optimizer: { name: 'sgd', learningRate: 0.1, nesterov: true } },
      '$.optimizer.nesterov',
    ],
    [
      { ...base(), optimizer: { name: 'sgd', learningRate: 0.1, momentum: 1 } },
      '$.optimizer.momentum',
    ],
    [{ ...base(), shuffle: true }, '$.seed'],
    [{ ...base(), seed: -1 }, '$.seed'],
    [{ ...base(), clipNorm: 0 }, '$.clipNorm'],
    [{ ...base(), clipNormScope: 'global' }, '$.clipNormScope'],
    [{ ...base(), clipNorm: 1, clipNormScope: 'layer' }, '$.clipNormScope'],
    [{ ...base(), metrics: ['auc'] }, '$.metrics[0]'],
    [{ ...base(), metrics: 'accuracy' }, '$.metrics'],
    [{ ...base(), earlyStopping: { monitor: 'valLoss' } }, '$.earlyStopping.patience'],
    [{ ...base(), earlyStopping: { monitor: 'accuracy', patience: 1 } }, '$.earlyStopping.monitor'],
    [{ ...base(), truncatedBptt: { steps: 0 } }, '$.truncatedBptt.steps'],
    [
      { ...base(), loss: { name: 'categoricalCrossentropy', probabilityClipping: 'pytorch' } },
      '$.loss.probabilityClipping',
    ],
    [[], '$'],
  ])('refuses bad field %#: %s', (json, path) => {
    const error = errorOf(json);
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path}:`)).toBe(true);
  });

  it('parses text and reports broken JSON at $', () => {
    expect(parseTrainingConfig(JSON.stringify(base())).epochs).toBe(2);
    expect(() => parseTrainingConfig('{')).toThrow(/^\$: not valid JSON/);
  });

  it('fills loss defaults from the shorthand', () => {
    expect(resolveLoss('meanSquaredError')).toEqual({
      name: 'meanSquaredError',
      fromLogits: false,
      probabilityClipping: 'none',
    });
  });
});
