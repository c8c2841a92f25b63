/**
 * TEMPORARY: the checks this engine relies on, until core's `validateTrainingConfig` (train-core
 * branch) is merged and replaces this file.
 */
import { RnnkitError, type RnnkitErrorCode } from '@rnnkit/core';
import type { TrainingConfig } from './contract.js';

const LOSSES = [
  'binaryCrossentropy',
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'meanSquaredError',
];

export function validateTrainingConfig(config: TrainingConfig): TrainingConfig {
  const fail = (path: string, message: string) =>
    new RnnkitError('INVALID_CONFIG' as RnnkitErrorCode, `${path}: ${message}`, { path });
  const lossName = typeof config?.loss === 'string' ? config.loss : config?.loss?.name;
  if (!LOSSES.includes(lossName as string))
    throw fail('$.loss', `unknown loss ${String(lossName)}`);
  const optimizer = config.optimizer;
  if (!['sgd', 'adam', 'rmsprop'].includes(optimizer?.name))
    throw fail('$.optimizer.name', `unknown optimizer ${String(optimizer?.name)}`);
  if (!(optimizer.learningRate > 0)) throw fail('$.optimizer.learningRate', 'must be > 0');
  if (optimizer.name !== 'sgd' && !['pytorch', 'keras'].includes(optimizer.epsilonStyle))
    throw fail('$.optimizer.epsilonStyle', "must be 'pytorch' or 'keras'");
  if (config.clipNorm !== undefined && !(config.clipNorm > 0))
    throw fail('$.clipNorm', 'must be > 0');
  return config;
}
