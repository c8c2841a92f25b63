/**
 * `createTfjsTrainingEngine({ backend })`: the training contract's TrainingEngine on one tfjs
 * backend. Like createTfjsBackend it has no side effect until the first `createTrainer`.
 */

import type { Trainer, TrainingConfig, TrainingEngine } from '@rnnkit/core';
import {
  checkConfigForModel,
  type Model,
  RnnkitError,
  resolveLoss,
  unsupportedFeature,
  validateModel,
  validateSpec,
  validateTrainingConfig,
} from '@rnnkit/core';
import type { TfjsBackendOptions } from '../create-tfjs-backend.js';
import {
  backendIdOf,
  isTfjsBackendName,
  TFJS_BACKEND_NAMES,
  type TfjsBackendId,
} from '../engine/backend-names.js';
import { withActiveBackend } from '../engine/exclusive.js';
import { setUpTfjsBackend } from '../engine/setup.js';
import { findUnsupportedFeature } from '../support.js';
import { registerTrainingKernels } from './forward/register-training-kernels.js';
import { createTrainingVariables } from './forward/training-variables.js';
import { createOptimizer } from './optimizers/create-optimizer.js';
import { registerGradients } from './register-gradients.js';
import { TfjsTrainer } from './tfjs-trainer.js';
import { findUntrainableFeature } from './training-support.js';

export interface TfjsTrainingEngine extends TrainingEngine {
  readonly id: TfjsBackendId;
}

export function createTfjsTrainingEngine(options: TfjsBackendOptions): TfjsTrainingEngine {
  const name = options?.backend;
  if (!isTfjsBackendName(name)) {
    throw new RnnkitError(
      'BACKEND_UNAVAILABLE',
      `unknown tfjs backend ${JSON.stringify(name)}; expected one of ${TFJS_BACKEND_NAMES.join(', ')}`,
      { path: 'backend' },
    );
  }
  const id = backendIdOf(name);
  const { backend: _, ...engineOptions } = options;
  return {
    id,
    async createTrainer(model: Model, config: TrainingConfig): Promise<Trainer> {
      validateSpec(model.spec);
      const refusal =
        findUnsupportedFeature(model.spec, { backend: name }) ?? findUntrainableFeature(model.spec);
      if (refusal) throw unsupportedFeature(id, refusal.feature, refusal.reason);
      validateModel(model);
      const checked = validateTrainingConfig(config);
      checkConfigForModel(model.spec, checked);
      await setUpTfjsBackend(name, engineOptions);
      await registerGradients(id);
      return withActiveBackend(name, () => {
        registerTrainingKernels(name);
        const variables = createTrainingVariables(model);
        try {
          const optimizer = createOptimizer(checked.optimizer, variables.byName);
          return new TfjsTrainer(
            name,
            model.spec,
            checked,
            resolveLoss(checked.loss),
            variables,
            optimizer,
          );
        } catch (error) {
          variables.dispose();
          throw error;
        }
      });
    },
  };
}
