// Compile settings from real files written by Keras 1.2.2, 2.0.6, 2.1.3, 2.3.0-tf and 3.9.2: the
// expected values are what each file's own JSON says (printed with h5py / unzip), mapped by the
// rules in compile-settings.ts.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RnnkitError, validateTrainingConfig } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { kerasCompileSettings, trainingConfigFromKeras } from './compile-settings.js';
import { readKerasCompileSettings } from './read-compile-settings.js';

const real = join(dirname(fileURLToPath(import.meta.url)), '..', '__fixtures__', 'real');
const read = (path: string) =>
  readKerasCompileSettings(new Uint8Array(readFileSync(join(real, path))), { fileName: path });
const f32 = (x: number) => Math.fround(x);

describe('readKerasCompileSettings on real files', () => {
  it('Keras 1.2.2 RMSprop: epsilon outside the root (pytorch style), lr from "lr"', async () => {
    const settings = await read(
      'h5_dl4j_simple_lstm_th_keras_1_with_outputs/simple_lstm_th_keras_1_model.h5',
    );
    expect(settings?.layout).toBe('keras1');
    expect(settings?.loss).toEqual({ name: 'meanSquaredError', fromLogits: false });
    expect(settings?.optimizer).toEqual({
      name: 'rmsprop',
      learningRate: f32(0.001),
      rho: f32(0.9),
      epsilon: 1e-8,
      momentum: 0,
      centered: false,
      epsilonStyle: 'pytorch',
    });
    expect(settings?.metrics).toEqual([]);
  });

  it('standalone Keras 2.1.3 RMSprop is also pytorch style; Keras 2.0.8 Adam with accuracy and categorical CE', async () => {
    const rnn = await read(
      'h5_dl4j_simple_rnn_tf_keras_2_with_outputs/simple_rnn_tf_keras_2_model.h5',
    );
    expect(rnn?.layout).toBe('keras2');
    expect(rnn?.optimizer).toMatchObject({
      name: 'rmsprop',
      epsilon: 1e-7,
      epsilonStyle: 'pytorch',
    });
    const functional = await read('h5_dl4j_functional_lstm/lstm_functional_tf_keras_2.h5');
    expect(functional?.loss).toEqual({
      name: 'categoricalCrossentropy',
      fromLogits: false,
      probabilityClipping: 'keras',
    });
    expect(functional?.metrics).toEqual(['accuracy']);
    expect(functional?.optimizer).toEqual({
      name: 'adam',
      learningRate: f32(0.001),
      beta1: f32(0.9),
      beta2: f32(0.999),
      epsilon: 1e-8,
      epsilonStyle: 'keras',
      amsgrad: false,
    });
  });

  it('tf.keras 2.3.0-tf Adam with learning_rate', async () => {
    const settings = await read('h5_keras2.3tf_alexm_gru_reset_after/gru_model.h5');
    expect(settings?.layout).toBe('tf-keras2');
    expect(settings?.optimizer).toMatchObject({
      name: 'adam',
      learningRate: f32(0.001),
      epsilon: 1e-7,
      epsilonStyle: 'keras',
    });
    expect(settings?.ignored).toEqual([]);
  });

  it('Keras 3.9.2 .keras compile_config: Adam, categorical CE, accuracy; a full config validates', async () => {
    const settings = await read('keras3_cdt406_emg_lstm/lstm_holdrest_model.keras');
    expect(settings?.layout).toBe('keras3');
    expect(settings?.loss).toEqual({
      name: 'categoricalCrossentropy',
      fromLogits: false,
      probabilityClipping: 'keras',
    });
    expect(settings?.optimizer).toEqual({
      name: 'adam',
      learningRate: f32(0.001),
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      epsilonStyle: 'keras',
      amsgrad: false,
    });
    expect(settings?.metrics).toEqual(['accuracy']);
    expect(settings?.ignored).toEqual(
      expect.arrayContaining(['run_eagerly', 'jit_compile', 'steps_per_execution']),
    );
    const config = trainingConfigFromKeras(settings as never, { batchSize: 32, epochs: 2 });
    expect(validateTrainingConfig(config)).toEqual(config);
  });

  it('returns undefined for a file saved without compile settings', async () => {
    expect(await read('h5_dl4j_tfkeras2.2.4_rnn_suite/rnn_0.h5')).toBeUndefined();
  });
});

describe('kerasCompileSettings (layouts written out by hand from Keras 2 and 3 saving code)', () => {
  const k3 = (optimizer: object, extra: object = {}) =>
    kerasCompileSettings(
      {
        optimizer: {
          module: 'keras.optimizers',
          class_name: 'RMSprop',
          config: {
            learning_rate: 0.01,
            rho: 0.8,
            epsilon: 1e-6,
            momentum: 0.5,
            centered: true,
            clipnorm: null,
            global_clipnorm: 2,
            ...optimizer,
          },
        },
        loss: {
          module: 'keras.losses',
          class_name: 'SparseCategoricalCrossentropy',
          config: { from_logits: true },
        },
        metrics: [['sparse_categorical_accuracy', 'auc']],
        ...extra,
      },
      { kind: 'compile_config' },
    );

  it('Keras 3 RMSprop puts epsilon inside; global_clipnorm is a global clip; from_logits kept', () => {
    const settings = k3({});
    expect(settings.optimizer).toEqual({
      name: 'rmsprop',
      learningRate: 0.01,
      rho: 0.8,
      epsilon: 1e-6,
      momentum: 0.5,
      centered: true,
      epsilonStyle: 'keras',
    });
    expect(settings.clipNorm).toBe(2);
    expect(settings.clipNormScope).toBe('global');
    expect(settings.loss).toEqual({ name: 'sparseCategoricalCrossentropy', fromLogits: true });
    expect(settings.metrics).toEqual(['accuracy']);
    expect(settings.ignored).toEqual(['metric "auc"']);
    expect(k3({ clipnorm: 1.5, global_clipnorm: null }).clipNormScope).toBe('perTensor');
  });

  it('tf.keras 2 RMSprop: epsilon outside without momentum, inside (fused TF op) with it', () => {
    const tfKeras = (momentum: number) =>
      kerasCompileSettings(
        {
          loss: 'mse',
          optimizer_config: {
            class_name: 'RMSprop',
            config: { learning_rate: 0.001, rho: 0.9, epsilon: 1e-7, momentum, centered: false },
          },
        },
        { kind: 'training_config', kerasVersion: '2.6.0' },
      ).optimizer;
    expect(tfKeras(0)).toMatchObject({ epsilonStyle: 'pytorch' });
    expect(tfKeras(0.9)).toMatchObject({ epsilonStyle: 'keras', momentum: 0.9 });
  });

  it('refuses settings that change the numbers and have no rnnkit field, naming them', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return RnnkitError.isInstance(error) ? `${error.code} ${error.path}` : String(error);
      }
      return 'no error';
    };
    expect(code(() => k3({ clipvalue: 0.5 }))).toBe('UNSUPPORTED_FEATURE optimizer.clipvalue');
    expect(code(() => k3({ weight_decay: 0.01 }))).toBe(
      'UNSUPPORTED_FEATURE optimizer.weight_decay',
    );
    expect(code(() => k3({ learning_rate: { class_name: 'ExponentialDecay', config: {} } }))).toBe(
      'UNSUPPORTED_FEATURE optimizer.learning_rate',
    );
    expect(
      code(() =>
        k3({}, { loss: { class_name: 'BinaryCrossentropy', config: { label_smoothing: 0.1 } } }),
      ),
    ).toBe('UNSUPPORTED_FEATURE loss.label_smoothing');
    expect(code(() => k3({}, { loss: 'hinge' }))).toBe('UNSUPPORTED_FEATURE loss');
    expect(
      code(() => k3({}, { optimizer: { class_name: 'Adagrad', config: { learning_rate: 0.1 } } })),
    ).toBe('UNSUPPORTED_FEATURE optimizer');
    expect(
      code(() =>
        kerasCompileSettings(
          {
            loss: 'mse',
            optimizer_config: { class_name: 'SGD', config: { lr: 0.1, decay: 1e-4 } },
          },
          { kind: 'training_config', kerasVersion: '2.1.3' },
        ),
      ),
    ).toBe('UNSUPPORTED_FEATURE optimizer.decay');
    // No optimizer recorded: loss and metrics still come along, a full config is refused.
    const lossOnly = kerasCompileSettings(
      { loss: 'binary_crossentropy', metrics: ['accuracy'] },
      { kind: 'compile_config' },
    );
    expect(lossOnly.optimizer).toBeUndefined();
    expect(code(() => trainingConfigFromKeras(lossOnly, { batchSize: 1, epochs: 1 }))).toBe(
      'UNSUPPORTED_FEATURE optimizer',
    );
  });
});
