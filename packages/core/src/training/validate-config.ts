/**
 * The `rnnkit-training` v1 validator: untrusted JSON -> TrainingConfig, or INVALID_CONFIG naming
 * the JSON path. Unknown fields are refused (a misspelt optional field would otherwise silently
 * fall back to a default), and where PyTorch and Keras differ the field is required
 * (`epsilonStyle`, RMSprop's `rho` and `epsilon`), never defaulted. Formats in docs/training.md.
 */

import {
  booleanField,
  choice,
  configExpected,
  configFail,
  configObject,
  fieldPath,
  isObject,
  type JsonObject,
  knownFields,
  numberIn,
  positiveIntegerField,
} from './config-checks.js';
import type { LossConfig, TrainingConfig } from './types.js';

export const TRAINING_FORMAT = 'rnnkit-training';
export const TRAINING_FORMAT_VERSION = 1;

export const LOSS_NAMES: readonly LossConfig['name'][] = [
  'binaryCrossentropy',
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'meanSquaredError',
];

const TOP_FIELDS = [
  'format',
  'formatVersion',
  'loss',
  'optimizer',
  'batchSize',
  'epochs',
  'shuffle',
  'seed',
  'clipNorm',
  'clipNormScope',
  'metrics',
  'earlyStopping',
  'truncatedBptt',
  'dropout',
];

const OPTIMIZER_FIELDS: Record<string, readonly string[]> = {
  sgd: ['name', 'learningRate', 'momentum', 'nesterov'],
  adam: ['name', 'learningRate', 'beta1', 'beta2', 'epsilon', 'epsilonStyle', 'amsgrad'],
  rmsprop: ['name', 'learningRate', 'rho', 'epsilon', 'momentum', 'centered', 'epsilonStyle'],
};

const positive = (v: number) => v > 0;
const unitInterval = (v: number) => v >= 0 && v < 1;
const nonNegative = (v: number) => v >= 0;

/** Validates parsed JSON as a format-version-1 training config and returns it typed. */
export function validateTrainingConfig(json: unknown): TrainingConfig {
  const config = configObject(json, '$', 'a training config object');
  if (config.format !== TRAINING_FORMAT) {
    configExpected('$.format', `"${TRAINING_FORMAT}"`, config.format);
  }
  if (config.formatVersion !== TRAINING_FORMAT_VERSION) {
    if (typeof config.formatVersion === 'number') {
      configFail(
        '$.formatVersion',
        `formatVersion ${config.formatVersion} is not supported; this version of rnnkit reads formatVersion ${TRAINING_FORMAT_VERSION}`,
      );
    }
    configExpected('$.formatVersion', String(TRAINING_FORMAT_VERSION), config.formatVersion);
  }
  knownFields(config, '$', TOP_FIELDS, 'a training config');
  validateLoss(config.loss);
  validateOptimizer(config.optimizer);
  positiveIntegerField(config, 'batchSize', '$', true);
  positiveIntegerField(config, 'epochs', '$', true);
  booleanField(config, 'shuffle', '$');
  numberIn(
    config,
    'seed',
    '$',
    'a non-negative integer',
    (v) => Number.isSafeInteger(v) && v >= 0,
    false,
  );
  if (config.shuffle === true && config.seed === undefined) {
    // A shuffle without a seed would make runs unrepeatable; rnnkit never picks one silently.
    configFail('$.seed', 'shuffle is true, so a seed is required (runs must be repeatable)');
  }
  numberIn(config, 'clipNorm', '$', 'a number > 0', positive, false);
  if (config.clipNormScope !== undefined) {
    choice(config.clipNormScope, ['global', 'perTensor'] as const, '$.clipNormScope');
    if (config.clipNorm === undefined) {
      configFail('$.clipNormScope', 'clipNormScope is set but clipNorm is not');
    }
  }
  validateMetrics(config.metrics);
  validateEarlyStopping(config.earlyStopping);
  const monitor = (config.earlyStopping as JsonObject | undefined)?.monitor;
  if (
    (monitor === 'accuracy' || monitor === 'valAccuracy') &&
    !(config.metrics as string[] | undefined)?.includes('accuracy')
  ) {
    configFail(
      '$.earlyStopping.monitor',
      `monitors ${monitor} but $.metrics does not list 'accuracy'`,
    );
  }
  if (config.dropout !== undefined) {
    choice(config.dropout, ['apply', 'ignore'] as const, '$.dropout');
    if (config.dropout === 'apply' && config.seed === undefined) {
      // Dropout masks come from the seed: without one a run would not be repeatable.
      configFail('$.seed', "dropout is 'apply', so a seed is required (runs must be repeatable)");
    }
  }
  if (config.truncatedBptt !== undefined) {
    const path = '$.truncatedBptt';
    const bptt = configObject(config.truncatedBptt, path, 'an object { "steps": … }');
    knownFields(bptt, path, ['steps'], 'truncatedBptt');
    positiveIntegerField(bptt, 'steps', path, true);
  }
  return config as unknown as TrainingConfig;
}

/** Parses and validates the text of a training config file. */
export function parseTrainingConfig(text: string): TrainingConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    configFail('$', `not valid JSON (${(cause as Error).message})`);
  }
  return validateTrainingConfig(json);
}

/** The loss as an object with its defaults filled in. */
export function resolveLoss(loss: TrainingConfig['loss']): Required<LossConfig> {
  const config = typeof loss === 'string' ? { name: loss } : loss;
  return {
    name: config.name,
    fromLogits: config.fromLogits ?? false,
    probabilityClipping: config.probabilityClipping ?? 'none',
  };
}

function validateLoss(value: unknown): void {
  const path = '$.loss';
  if (typeof value === 'string') {
    choice(value, LOSS_NAMES, path);
    return;
  }
  if (!isObject(value)) {
    configExpected(path, `a loss name or an object { "name": … }`, value);
  }
  knownFields(value, path, ['name', 'fromLogits', 'probabilityClipping'], 'a loss');
  const name = choice(value.name, LOSS_NAMES, `${path}.name`);
  booleanField(value, 'fromLogits', path);
  if (value.probabilityClipping !== undefined) {
    choice(
      value.probabilityClipping,
      ['none', 'pytorch', 'keras'] as const,
      `${path}.probabilityClipping`,
    );
    if (value.probabilityClipping === 'pytorch' && name !== 'binaryCrossentropy') {
      // PyTorch has no categorical loss on probabilities (CrossEntropyLoss takes logits).
      configFail(
        `${path}.probabilityClipping`,
        `'pytorch' applies to binaryCrossentropy only (PyTorch's categorical losses take logits)`,
      );
    }
    if (name === 'meanSquaredError') {
      configFail(`${path}.probabilityClipping`, 'meanSquaredError takes no logarithm to clip');
    }
    if (value.fromLogits === true && value.probabilityClipping !== 'none') {
      configFail(
        `${path}.probabilityClipping`,
        'with fromLogits true the loss is computed from logits and no probability is clipped',
      );
    }
  }
  if (name === 'meanSquaredError' && value.fromLogits === true) {
    configFail(`${path}.fromLogits`, 'meanSquaredError has no logits form');
  }
}

function validateOptimizer(value: unknown): void {
  const path = '$.optimizer';
  const optimizer = configObject(value, path, 'an optimizer object { "name": … }');
  const name = choice(optimizer.name, ['sgd', 'adam', 'rmsprop'] as const, `${path}.name`);
  knownFields(optimizer, path, OPTIMIZER_FIELDS[name], `the ${name} optimizer`);
  numberIn(optimizer, 'learningRate', path, 'a number > 0', positive, true);
  if (name === 'sgd') {
    numberIn(optimizer, 'momentum', path, 'a number in [0, 1)', unitInterval, false);
    booleanField(optimizer, 'nesterov', path);
    if (optimizer.nesterov === true && !(((optimizer.momentum as number | undefined) ?? 0) > 0)) {
      // PyTorch raises here too (torch/optim/sgd.py: "Nesterov momentum requires a momentum").
      configFail(`${path}.nesterov`, 'nesterov needs a momentum > 0');
    }
    return;
  }
  epsilonAndStyle(optimizer, path);
  if (name === 'adam') {
    numberIn(optimizer, 'beta1', path, 'a number in [0, 1)', unitInterval, false);
    numberIn(optimizer, 'beta2', path, 'a number in [0, 1)', unitInterval, false);
    booleanField(optimizer, 'amsgrad', path);
  } else {
    numberIn(optimizer, 'rho', path, 'a number in [0, 1)', unitInterval, true);
    numberIn(optimizer, 'momentum', path, 'a number in [0, 1)', unitInterval, false);
    booleanField(optimizer, 'centered', path);
  }
}

function epsilonAndStyle(optimizer: JsonObject, path: string): void {
  numberIn(optimizer, 'epsilon', path, 'a number > 0', positive, true);
  if (optimizer.epsilonStyle === undefined) {
    configFail(
      fieldPath(path, 'epsilonStyle'),
      `required: 'pytorch' or 'keras' (the frameworks place epsilon differently; see docs/training.md)`,
    );
  }
  choice(optimizer.epsilonStyle, ['pytorch', 'keras'] as const, fieldPath(path, 'epsilonStyle'));
}

function validateMetrics(value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) configExpected('$.metrics', 'an array such as ["accuracy"]', value);
  value.forEach((metric, index) => {
    choice(metric, ['accuracy'] as const, `$.metrics[${index}]`);
  });
  if (new Set(value).size !== value.length) configFail('$.metrics', 'a metric is listed twice');
}

function validateEarlyStopping(value: unknown): void {
  if (value === undefined) return;
  const path = '$.earlyStopping';
  const early = configObject(value, path, 'an object { "monitor": …, "patience": … }');
  knownFields(
    early,
    path,
    ['monitor', 'patience', 'minDelta', 'restoreBestWeights'],
    'earlyStopping',
  );
  choice(early.monitor, ['loss', 'valLoss', 'accuracy', 'valAccuracy'] as const, `${path}.monitor`);
  numberIn(
    early,
    'patience',
    path,
    'a non-negative integer',
    (v) => Number.isSafeInteger(v) && v >= 0,
    true,
  );
  numberIn(early, 'minDelta', path, 'a number >= 0', nonNegative, false);
  booleanField(early, 'restoreBestWeights', path);
}
