/**
 * The float64 reference trainer: the oracle for gradients, losses and optimizer steps, as the
 * reference executor is for outputs. Parameters are kept in float64 between steps (a float32
 * Model comes out of getModel), so N steps here follow PyTorch's float64 trajectory.
 */
import type { RecurrentState } from '../../backend.js';
import { RnnkitError } from '../../errors.js';
import type { Tensor } from '../../tensor.js';
import { validateModel } from '../../validate/index.js';
import type { Model } from '../../weights/canonical.js';
import { dropoutContext } from '../dropout-masks.js';
import { checkConfigForModel } from '../model-config-checks.js';
import type {
  Gradients,
  OptimizerState,
  StepResult,
  Trainer,
  TrainingBatch,
  TrainingConfig,
  TrainingEngine,
} from '../types.js';
import { assertTrainable } from '../untrainable-features.js';
import { resolveLoss, validateTrainingConfig } from '../validate-config.js';
import { type Evaluated, evaluateBatchLoss } from './batch-loss.js';
import { clipGradients } from './clip-gradients.js';
import { backwardModel } from './model-tape.js';
import { applyOptimizer, type OptimizerRun } from './optimizers.js';
import { ParameterStore } from './parameter-store.js';

export function createReferenceTrainingEngine(): TrainingEngine {
  return {
    id: 'reference',
    async createTrainer(model: Model, config: TrainingConfig): Promise<Trainer> {
      return createReferenceTrainer(model, config);
    },
  };
}

function allFinite(gradients: Map<string, Float64Array>): boolean {
  for (const g of gradients.values())
    for (let i = 0; i < g.length; i++) if (!Number.isFinite(g[i])) return false;
  return true;
}

export function createReferenceTrainer(model: Model, config: TrainingConfig): Trainer {
  validateModel(model);
  validateTrainingConfig(config);
  const spec = model.spec;
  assertTrainable(spec, 'reference');
  checkConfigForModel(spec, config);
  const loss = resolveLoss(config.loss);
  const wantsAccuracy = (config.metrics ?? []).includes('accuracy');
  const store = new ParameterStore(model.weights);
  let optimizer: OptimizerRun = { config: config.optimizer, step: 0, slots: new Map() };
  let disposed = false;

  const live = () => {
    if (disposed) throw new RnnkitError('DISPOSED', 'this reference trainer was disposed');
  };

  /** `training`: draw this step's dropout masks (none when evaluating, as in eval mode). */
  function evaluateBatch(batch: TrainingBatch, training: boolean): Evaluated {
    live();
    const dropout = training ? dropoutContext(spec, config, optimizer.step) : undefined;
    return evaluateBatchLoss(spec, store, loss, wantsAccuracy, batch, dropout);
  }

  function gradientsOf({ tape, result }: Evaluated): Map<string, Float64Array> {
    return backwardModel(tape, result.gradient, result.gradientOfLogits);
  }

  function stepResult({ tape, result }: Evaluated, batch: TrainingBatch): StepResult {
    const metrics: Record<string, number> = wantsAccuracy ? { accuracy: result.accuracy } : {};
    const step: StepResult = { loss: result.loss, metrics };
    if (batch.state) step.state = tape.finalState as RecurrentState;
    return step;
  }

  return {
    backend: 'reference',
    async computeGradients(batch) {
      const evaluated = evaluateBatch(batch, true);
      return { loss: evaluated.result.loss, gradients: gradientsOf(evaluated) as Gradients };
    },
    async trainStep(batch) {
      const evaluated = evaluateBatch(batch, true);
      const result = stepResult(evaluated, batch);
      if (!Number.isFinite(evaluated.result.loss)) return result;
      const gradients = gradientsOf(evaluated);
      if (!allFinite(gradients)) return { ...result, loss: Number.NaN };
      clipGradients(gradients, config);
      applyOptimizer(optimizer, store.values, gradients);
      return result;
    },
    async evaluate(batch) {
      const evaluated = evaluateBatch(batch, false);
      return stepResult(evaluated, batch);
    },
    async getModel() {
      live();
      return { spec, weights: store.toWeights() };
    },
    async getOptimizerState(): Promise<OptimizerState> {
      live();
      const slots: OptimizerState['slots'] = {};
      for (const [name, entry] of optimizer.slots) {
        slots[name] = {};
        for (const [key, value] of Object.entries(entry)) {
          const shape = store.shapes.get(name) ?? [value.length];
          slots[name][key] = { dtype: 'float64', shape: [...shape], data: value.slice() };
        }
      }
      return { name: optimizer.config.name, step: optimizer.step, slots };
    },
    async setOptimizerState(state: OptimizerState) {
      live();
      optimizer = { config: config.optimizer, step: 0, slots: new Map() };
      optimizer.step = checkOptimizerState(state, config, store);
      for (const [name, entry] of Object.entries(state.slots)) {
        const record: Record<string, Float64Array> = {};
        for (const [key, tensor] of Object.entries(entry)) {
          record[key] = Float64Array.from(tensor.data as ArrayLike<number>);
        }
        optimizer.slots.set(name, record);
      }
    },
    async getWeights() {
      live();
      const copy = new Map<string, Float64Array>();
      for (const [name, value] of store.values) copy.set(name, value.slice());
      return copy;
    },
    async setWeights(weights) {
      live();
      for (const [name, value] of store.values) {
        const given = weights.get(name);
        if (!given || given.length !== value.length) {
          throw new RnnkitError(
            'INVALID_WEIGHTS',
            `weight '${name}' is missing or has the wrong size`,
            {
              path: name,
            },
          );
        }
      }
      for (const [name, value] of store.values) value.set(weights.get(name) as ArrayLike<number>);
    },
    async dispose() {
      disposed = true;
    },
  };
}

const SLOT_KEYS: Record<string, readonly string[]> = {
  sgd: ['momentumBuffer'],
  adam: ['m', 'v', 'vMax'],
  rmsprop: ['squareAverage', 'gradientAverage', 'momentumBuffer'],
};

/** Refuses a state that does not belong to this optimizer or these weights (INVALID_STATE). */
function checkOptimizerState(
  state: OptimizerState,
  config: TrainingConfig,
  store: ParameterStore,
): number {
  const fail = (path: string, message: string): never => {
    throw new RnnkitError('INVALID_STATE', `optimizer state ${path}: ${message}`, { path });
  };
  if (typeof state !== 'object' || state === null) fail('$', 'is not an object');
  if (state.name !== config.optimizer.name) {
    fail(
      '$.name',
      `is '${String(state.name)}' but the config's optimizer is '${config.optimizer.name}'`,
    );
  }
  if (!Number.isSafeInteger(state.step) || state.step < 0)
    fail('$.step', 'must be a whole number >= 0');
  for (const [name, entry] of Object.entries(state.slots ?? {})) {
    const weight = store.values.get(name);
    if (!weight) fail(`$.slots[${JSON.stringify(name)}]`, 'names no weight of this model');
    for (const [key, tensor] of Object.entries(entry as Record<string, Tensor>)) {
      const path = `$.slots[${JSON.stringify(name)}].${key}`;
      if (!SLOT_KEYS[config.optimizer.name].includes(key))
        fail(path, 'is not a slot of this optimizer');
      if (!tensor || !(tensor.data as ArrayLike<number>) || tensor.data.length !== weight?.length) {
        fail(path, `must hold ${weight?.length} values`);
      }
    }
  }
  return state.step;
}
