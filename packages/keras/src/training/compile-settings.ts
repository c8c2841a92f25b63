/**
 * Keras compile settings (loss, optimizer with its hyper-parameters, metrics) -> the parts of an
 * rnnkit-training config, with every framework difference written out as the contract's explicit
 * fields. Where the two layouts come from:
 *
 * - Keras 1/2 `.h5`: the root attribute `training_config`, JSON of
 *   `{ loss, metrics, optimizer_config: { class_name, config }, loss_weights, ... }`
 *   (tensorflow/python/keras/saving/saving_utils.py `model_metadata`, written by
 *   hdf5_format.py `save_model_to_hdf5`; standalone Keras 2 / Keras 1: keras/engine/saving.py).
 * - Keras 3 `.keras`: `compile_config` in config.json,
 *   `{ optimizer: { module, class_name, config }, loss, metrics, loss_weights, ... }`
 *   (keras/src/trainers/trainer.py `get_compile_config`, serialized by
 *   keras/src/saving/saving_lib.py). The optimizer may be absent (the model was compiled without
 *   a serialisable one); then only the loss and metrics come along.
 *
 * The formulas each maps to (see docs/training.md for the reference implementation):
 * - Adam, every Keras: `lr_t = lr·sqrt(1-β2^t)/(1-β1^t); w -= lr_t·m/(sqrt(v)+ε)`
 *   (keras/src/optimizers/adam.py; tf.keras optimizer_v2/adam.py) -> epsilonStyle 'keras'.
 * - RMSprop, Keras 3: `w -= lr·g/sqrt(v+ε)` (keras/src/optimizers/rmsprop.py) -> 'keras'.
 *   tf.keras 2 (optimizer_v2/rmsprop.py) without momentum: `w -= lr·g/(sqrt(v)+ε)` -> 'pytorch'
 *   (epsilon outside the root); with momentum it calls TF's fused ApplyRMSProp,
 *   `mom = μ·mom + lr·g/sqrt(ms+ε)` -> 'keras'. Keras 1 and standalone Keras 2 (keras/optimizers.py):
 *   `p - lr·g/(sqrt(a)+ε)` -> 'pytorch'.
 * - `clipnorm` clips each gradient tensor by its own norm -> clipNormScope 'perTensor';
 *   `global_clipnorm` -> 'global'.
 * - Cross-entropies on probabilities clip to [ε, 1-ε] with ε = 1e-7 (keras backend
 *   `binary_crossentropy` / `categorical_crossentropy`) -> probabilityClipping 'keras'.
 *
 * Settings that change the numbers and have no rnnkit field (label smoothing, learning-rate
 * decay or schedules, weight decay, clipvalue, EMA, loss weights, gradient accumulation) are
 * refused with UNSUPPORTED_FEATURE naming the setting; settings that do not (unknown metrics,
 * run_eagerly, jit_compile, steps_per_execution) are listed in `ignored`.
 */
import type { LossConfig, OptimizerConfig, TrainingConfig } from '@rnnkit/core';
import { RnnkitError } from '@rnnkit/core';
import { unsupported } from '../errors.js';

type Json = Record<string, unknown>;

/** Which saving code wrote the settings: decides RMSprop's epsilon placement. */
export type KerasCompileLayout = 'keras1' | 'keras2' | 'tf-keras2' | 'keras3';

export interface KerasCompileSettings {
  layout: KerasCompileLayout;
  loss?: LossConfig;
  optimizer?: OptimizerConfig;
  clipNorm?: number;
  clipNormScope?: 'global' | 'perTensor';
  metrics: 'accuracy'[];
  /** Settings read but not carried over because they do not change training's numbers. */
  ignored: string[];
}

const LOSSES: Record<string, LossConfig['name']> = {
  binary_crossentropy: 'binaryCrossentropy',
  BinaryCrossentropy: 'binaryCrossentropy',
  categorical_crossentropy: 'categoricalCrossentropy',
  CategoricalCrossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  SparseCategoricalCrossentropy: 'sparseCategoricalCrossentropy',
  mean_squared_error: 'meanSquaredError',
  MeanSquaredError: 'meanSquaredError',
  mse: 'meanSquaredError',
};

const ACCURACY = new Set([
  'accuracy',
  'acc',
  'binary_accuracy',
  'categorical_accuracy',
  'sparse_categorical_accuracy',
  'BinaryAccuracy',
  'CategoricalAccuracy',
  'SparseCategoricalAccuracy',
  'Accuracy',
]);

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A loss or metric is a string or a serialised object ({ class_name, config }). */
function nameAndConfig(value: unknown): { name: string; config: Json } | undefined {
  if (typeof value === 'string') return { name: value, config: {} };
  if (isObject(value) && typeof value.class_name === 'string') {
    return { name: value.class_name, config: isObject(value.config) ? value.config : {} };
  }
  return undefined;
}

function readLoss(value: unknown): LossConfig {
  const entry = nameAndConfig(value);
  const name = entry && LOSSES[entry.name];
  if (!entry || !name) {
    throw unsupported(
      'Keras loss',
      `${JSON.stringify(value)} has no rnnkit equivalent (binary/categorical/sparse categorical cross-entropy, mean squared error)`,
      'loss',
    );
  }
  const smoothing = entry.config.label_smoothing;
  if (typeof smoothing === 'number' && smoothing !== 0)
    throw unsupported(
      'Keras loss label_smoothing',
      `label_smoothing ${smoothing} is not in rnnkit-training v1`,
      'loss.label_smoothing',
    );
  const fromLogits = entry.config.from_logits === true;
  const loss: LossConfig = { name, fromLogits };
  if (name !== 'meanSquaredError' && !fromLogits) loss.probabilityClipping = 'keras';
  return loss;
}

function readMetrics(value: unknown, ignored: string[]): 'accuracy'[] {
  const flat: unknown[] = [];
  const walk = (item: unknown) => {
    if (Array.isArray(item)) item.forEach(walk);
    else if (isObject(item) && !('class_name' in item)) Object.values(item).forEach(walk);
    else if (item !== null && item !== undefined) flat.push(item);
  };
  walk(value);
  let accuracy = false;
  for (const item of flat) {
    const entry = nameAndConfig(item);
    if (entry && ACCURACY.has(entry.name)) accuracy = true;
    else ignored.push(`metric ${JSON.stringify(entry?.name ?? item)}`);
  }
  return accuracy ? ['accuracy'] : [];
}

function num(config: Json, keys: string[], fallback?: number): number | undefined {
  for (const key of keys) {
    const value = config[key];
    if (typeof value === 'number') return value;
    if (value !== undefined && value !== null) {
      throw unsupported(
        `Keras optimizer ${key}`,
        `${key} is ${JSON.stringify(value)}; only a constant number is supported (no schedules)`,
        `optimizer.${key}`,
      );
    }
  }
  return fallback;
}

function refuseIfSet(config: Json, key: string, neutral: unknown[], why: string): void {
  const value = config[key];
  if (value === undefined || neutral.some((n) => n === value)) return;
  throw unsupported(
    `Keras optimizer ${key}`,
    `${key} ${JSON.stringify(value)}: ${why}`,
    `optimizer.${key}`,
  );
}

function readOptimizer(
  value: Json,
  layout: KerasCompileLayout,
): { optimizer: OptimizerConfig; clipNorm?: number; clipNormScope?: 'global' | 'perTensor' } {
  const className = String(value.class_name ?? '');
  const config = isObject(value.config) ? value.config : {};
  refuseIfSet(config, 'decay', [0, null], 'learning-rate decay is not in rnnkit-training v1');
  refuseIfSet(config, 'weight_decay', [0, null], 'weight decay is not in rnnkit-training v1');
  refuseIfSet(config, 'clipvalue', [null], 'clipping by value is not in rnnkit-training v1');
  refuseIfSet(
    config,
    'use_ema',
    [false],
    'an exponential moving average of the weights is not in rnnkit-training v1',
  );
  refuseIfSet(
    config,
    'gradient_accumulation_steps',
    [null, 1],
    'gradient accumulation is not in rnnkit-training v1',
  );
  refuseIfSet(config, 'loss_scale_factor', [null, 1], 'loss scaling is not in rnnkit-training v1');
  const learningRate = num(config, ['learning_rate', 'lr']);
  if (learningRate === undefined)
    throw unsupported(
      'Keras optimizer',
      `${className} config has no learning_rate`,
      'optimizer.learning_rate',
    );

  const clipnorm = num(config, ['clipnorm']);
  const globalClipnorm = num(config, ['global_clipnorm']);
  if (clipnorm !== undefined && globalClipnorm !== undefined)
    throw unsupported(
      'Keras optimizer clipping',
      'both clipnorm and global_clipnorm are set',
      'optimizer.clipnorm',
    );
  const clip =
    clipnorm !== undefined
      ? { clipNorm: clipnorm, clipNormScope: 'perTensor' as const }
      : globalClipnorm !== undefined
        ? { clipNorm: globalClipnorm, clipNormScope: 'global' as const }
        : {};

  switch (className) {
    case 'SGD': {
      const momentum = num(config, ['momentum'], 0) as number;
      return {
        optimizer: { name: 'sgd', learningRate, momentum, nesterov: config.nesterov === true },
        ...clip,
      };
    }
    case 'Adam': {
      return {
        optimizer: {
          name: 'adam',
          learningRate,
          beta1: num(config, ['beta_1'], 0.9),
          beta2: num(config, ['beta_2'], 0.999),
          // Keras 1/2 default epsilon was K.epsilon() = 1e-7 when the config stored null.
          epsilon: num(config, ['epsilon'], 1e-7) as number,
          epsilonStyle: 'keras',
          amsgrad: config.amsgrad === true,
        },
        ...clip,
      };
    }
    case 'RMSprop': {
      const momentum = num(config, ['momentum'], 0) as number;
      const centered = config.centered === true;
      const inside = layout === 'keras3' || (layout === 'tf-keras2' && momentum !== 0);
      return {
        optimizer: {
          name: 'rmsprop',
          learningRate,
          rho: num(config, ['rho'], 0.9) as number,
          epsilon: num(config, ['epsilon'], 1e-7) as number,
          momentum,
          centered,
          epsilonStyle: inside ? 'keras' : 'pytorch',
        },
        ...clip,
      };
    }
    default:
      throw unsupported(
        'Keras optimizer',
        `${className || JSON.stringify(value)} has no rnnkit equivalent (SGD, Adam, RMSprop)`,
        'optimizer',
      );
  }
}

/**
 * Keras 1/2 `training_config` (from an .h5 file) or Keras 3 `compile_config` (from a .keras
 * file's config.json) -> compile settings. `kerasVersion` picks the layout of Keras 1/2 files.
 */
export function kerasCompileSettings(
  json: unknown,
  source: { kind: 'training_config' | 'compile_config'; kerasVersion?: string },
): KerasCompileSettings {
  if (!isObject(json)) {
    throw new RnnkitError('MODEL_FORMAT', `Keras ${source.kind} is not a JSON object`, {
      path: source.kind,
    });
  }
  const version = source.kerasVersion ?? '';
  const layout: KerasCompileLayout =
    source.kind === 'compile_config' || version.startsWith('3')
      ? 'keras3'
      : version.startsWith('1')
        ? 'keras1'
        : version.includes('tf') || /^2\.([4-9]|1\d)/.test(version)
          ? 'tf-keras2'
          : 'keras2';
  const ignored: string[] = [];
  for (const key of ['loss_weights', 'weighted_metrics', 'sample_weight_mode']) {
    const value = json[key];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) {
      if (key === 'loss_weights')
        throw unsupported(
          'Keras loss_weights',
          `loss_weights ${JSON.stringify(value)}: a single-output model trains one loss`,
          key,
        );
      ignored.push(key);
    }
  }
  for (const key of ['run_eagerly', 'steps_per_execution', 'jit_compile', 'auto_scale_loss']) {
    if (key in json) ignored.push(key);
  }
  const settings: KerasCompileSettings = {
    layout,
    loss: json.loss === undefined || json.loss === null ? undefined : readLoss(json.loss),
    metrics: readMetrics(json.metrics, ignored),
    ignored,
  };
  const optimizerJson = source.kind === 'training_config' ? json.optimizer_config : json.optimizer;
  if (isObject(optimizerJson)) {
    const { optimizer, clipNorm, clipNormScope } = readOptimizer(optimizerJson, layout);
    settings.optimizer = optimizer;
    if (clipNorm !== undefined) {
      settings.clipNorm = clipNorm;
      settings.clipNormScope = clipNormScope;
    }
  } else if (typeof optimizerJson === 'string') {
    throw unsupported(
      'Keras optimizer',
      `the optimizer is saved only as the name ${JSON.stringify(optimizerJson)}, without its hyper-parameters`,
      'optimizer',
    );
  }
  return settings;
}

/** Compile settings + what Keras's `fit` call gave (batch size, epochs...) -> a full config. */
export function trainingConfigFromKeras(
  settings: KerasCompileSettings,
  fit: Pick<TrainingConfig, 'batchSize' | 'epochs'> & Partial<TrainingConfig>,
): TrainingConfig {
  if (!settings.loss)
    throw unsupported('Keras compile settings', 'the file records no loss', 'loss');
  if (!settings.optimizer)
    throw unsupported(
      'Keras compile settings',
      'the file records no optimizer with its hyper-parameters; give an rnnkit-training config instead',
      'optimizer',
    );
  return {
    format: 'rnnkit-training',
    formatVersion: 1,
    loss: settings.loss,
    optimizer: settings.optimizer,
    metrics: settings.metrics,
    ...(settings.clipNorm !== undefined
      ? { clipNorm: settings.clipNorm, clipNormScope: settings.clipNormScope }
      : {}),
    ...fit,
  };
}
