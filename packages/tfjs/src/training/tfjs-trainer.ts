/**
 * The Trainer of the training contract on one tfjs backend. Every call goes through the same
 * queue as inference sessions (engine/exclusive.ts), so it computes on its own backend even
 * when sessions of other backends run in between.
 *
 * One step: core's input checks, the target checks, then inside one tf.tidy the differentiable
 * forward (forward/training-forward.ts) and the loss under tf.variableGrads, a finiteness guard
 * over the loss and every gradient, read back with the metric (the step's one read); only when
 * it is finite, clipping and the optimizer's update of the variables.
 */

import type {
  Gradients,
  OptimizerState,
  StepResult,
  Trainer,
  TrainingBatch,
  TrainingConfig,
} from '@rnnkit/core';
import {
  dropoutContext,
  type Model,
  type ModelSpec,
  outputShape,
  type PreparedRun,
  prepareRunInputs,
  RnnkitError,
} from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { backendIdOf, type TfjsBackendId, type TfjsBackendName } from '../engine/backend-names.js';
import { withActiveBackend } from '../engine/exclusive.js';
import { accuracyPerPosition } from './accuracy.js';
import { type CheckedTargets, checkBatchValues } from './check-targets.js';
import { clipGradients } from './clip-gradients.js';
import { trainingForward } from './forward/training-forward.js';
import type { TrainingVariables } from './forward/training-variables.js';
import { lossPerPosition, meanOverPositions } from './losses.js';
import type { TrainingOptimizer } from './optimizers/training-optimizer.js';
import type { ResolvedLoss } from './resolved-loss.js';

interface PreparedBatch {
  run: PreparedRun;
  targets: CheckedTargets;
  /** Real output positions (batch, or real (batch, time) pairs of a padded sequence output). */
  realPositions: number;
}

/**
 * A scalar that is the loss when the loss and every gradient are finite, and NaN or ±Infinity
 * otherwise: 0·g is 0 for a finite g and NaN for NaN or ±Infinity, so loss + Σ sum(0·g) keeps the
 * loss exactly or turns non-finite. (A norm would overflow float32 for large finite gradients
 * and report a divergence that is not one; this cannot.)
 */
function finiteGuard(loss: tf.Tensor, gradients: readonly tf.Tensor[]): tf.Scalar {
  let guard = loss;
  for (const g of gradients) guard = tf.add(guard, tf.sum(tf.mul(g, 0)));
  return guard as tf.Scalar;
}

export class TfjsTrainer implements Trainer {
  readonly backend: TfjsBackendId;
  readonly #metrics: boolean;
  #disposed = false;

  constructor(
    private readonly tfjsBackend: TfjsBackendName,
    private readonly spec: ModelSpec,
    private readonly config: TrainingConfig,
    private readonly loss: ResolvedLoss,
    private readonly variables: TrainingVariables,
    private readonly optimizer: TrainingOptimizer,
  ) {
    this.backend = backendIdOf(tfjsBackend);
    this.#metrics = (config.metrics ?? []).includes('accuracy');
  }

  async computeGradients(batch: TrainingBatch): Promise<{ loss: number; gradients: Gradients }> {
    const prepared = this.#prepare(batch);
    return this.#exclusive(async () => {
      const names = [...this.variables.byName.keys()];
      const [value, ...grads] = tf.tidy(() => {
        const result = this.#lossAndGradients(prepared, false);
        return [result.value, ...names.map((name) => result.grads.get(name) as tf.Tensor)];
      });
      try {
        const gradients: Gradients = new Map();
        for (const [index, name] of names.entries())
          gradients.set(name, Float32Array.from((await grads[index].data()) as Float32Array));
        return { loss: (await value.data())[0], gradients };
      } finally {
        tf.dispose([value, ...grads]);
      }
    });
  }

  async trainStep(batch: TrainingBatch): Promise<StepResult> {
    const prepared = this.#prepare(batch);
    return this.#exclusive(async () => {
      const names = [...this.variables.byName.keys()];
      const [guard, value, accuracy, ...grads] = tf.tidy(() => {
        const result = this.#lossAndGradients(prepared, this.#metrics);
        const gradients = names.map((name) => result.grads.get(name) as tf.Tensor);
        return [
          finiteGuard(result.value, gradients),
          result.value,
          result.accuracy ?? tf.scalar(0),
          ...gradients,
        ];
      });
      try {
        // The one read of the step (the loss read costs it anyway): the guard and the metric.
        const both = tf.stack([guard, accuracy]);
        const [read, readAccuracy] = await both.data().finally(() => both.dispose());
        const metrics: Record<string, number> = this.#metrics ? { accuracy: readAccuracy } : {};
        // The training contract: a step whose loss or gradients are not finite is never applied
        // (weights and optimizer state stay as they were); core's fit then stops with
        // TRAINING_DIVERGED naming the epoch and step.
        if (!Number.isFinite(read)) return { loss: read, metrics };
        tf.tidy(() => {
          const byName = new Map(names.map((name, index) => [name, grads[index]]));
          const clipped = clipGradients(
            byName,
            this.config.clipNorm,
            this.config.clipNormScope ?? 'global',
          );
          this.optimizer.apply(clipped, this.variables.byName);
        });
        return { loss: read, metrics };
      } finally {
        tf.dispose([guard, value, accuracy, ...grads]);
      }
    });
  }

  async evaluate(batch: TrainingBatch): Promise<StepResult> {
    const prepared = this.#prepare(batch);
    return this.#exclusive(async () => {
      const results = tf.tidy(() => {
        const { loss, accuracy } = this.#forwardLoss(prepared, this.#metrics, false);
        return accuracy ? [loss, accuracy] : [loss];
      });
      return this.#readResult(results);
    });
  }

  async getModel(): Promise<Model> {
    return this.#exclusive(async () => ({ spec: this.spec, weights: await this.variables.read() }));
  }

  async getOptimizerState(): Promise<OptimizerState> {
    return this.#exclusive(() => this.optimizer.getState());
  }

  async setOptimizerState(state: OptimizerState): Promise<void> {
    return this.#exclusive(() => tf.tidy(() => this.optimizer.setState(state)));
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await withActiveBackend(this.tfjsBackend, () => {
      this.optimizer.dispose();
      this.variables.dispose();
    });
  }

  #prepare(batch: TrainingBatch): PreparedBatch {
    this.#checkLive();
    if (typeof batch !== 'object' || batch === null)
      throw new RnnkitError('INVALID_INPUT', 'a training batch is { inputs, targets }', {
        path: 'batch',
      });
    const run = prepareRunInputs(this.spec, batch.inputs);
    const targets = checkBatchValues(this.spec, this.loss, run, batch);
    // A sequence output's padded steps count for nothing (docs/training.md: mean over real positions).
    let realPositions = run.batch;
    if (outputShape(this.spec).length === 3) {
      realPositions = run.batch * run.time;
      if (run.mask) {
        realPositions = 0;
        for (const m of run.mask) realPositions += m;
      }
    }
    return { run, targets, realPositions };
  }

  /** Inside tf.tidy: forward, per-position loss, the batch mean and (optionally) accuracy. */
  #forwardLoss(prepared: PreparedBatch, withAccuracy: boolean, training: boolean) {
    // Training passes draw this step's dropout masks (the optimizer's step, as the reference).
    const dropout = training
      ? dropoutContext(this.spec, this.config, this.optimizer.step)
      : undefined;
    const forward = trainingForward(this.spec, this.variables, prepared.run, dropout);
    const { data, shape, dtype } = prepared.targets;
    const targets = tf.tensor(data, shape, dtype);
    const mask = forward.outputMask;
    const loss = meanOverPositions(
      lossPerPosition(this.loss, forward, targets),
      mask,
      prepared.realPositions,
    );
    const accuracy = withAccuracy
      ? meanOverPositions(
          accuracyPerPosition(this.loss, forward.output, targets),
          mask,
          prepared.realPositions,
        )
      : undefined;
    return { loss, accuracy };
  }

  /** Inside tf.tidy: the loss, its gradients by canonical weight name, and accuracy if asked. */
  #lossAndGradients(prepared: PreparedBatch, withAccuracy: boolean) {
    let accuracy: tf.Scalar | undefined;
    const list = [...this.variables.byName.values()];
    const { value, grads } = tf.variableGrads(() => {
      const result = this.#forwardLoss(prepared, withAccuracy, true);
      // Computed on the same forward; kept past variableGrads's own tidy.
      if (result.accuracy) accuracy = tf.keep(result.accuracy);
      return result.loss;
    }, list);
    const byName = new Map<string, tf.Tensor>();
    for (const [name, variable] of this.variables.byName) {
      // A weight the loss does not reach gets a zero gradient, as autograd frameworks report it.
      byName.set(name, grads[variable.name] ?? tf.zerosLike(variable));
    }
    return { value, grads: byName, accuracy };
  }

  async #readResult(results: tf.Tensor[]): Promise<StepResult> {
    try {
      const [loss, accuracy] = await Promise.all(results.map(async (t) => (await t.data())[0]));
      return { loss, metrics: accuracy === undefined ? {} : { accuracy } };
    } finally {
      tf.dispose(results);
    }
  }

  #exclusive<T>(work: () => Promise<T> | T): Promise<T> {
    return withActiveBackend(this.tfjsBackend, () => {
      this.#checkLive();
      return work();
    });
  }

  #checkLive(): void {
    if (this.#disposed) {
      throw new RnnkitError('DISPOSED', `this ${this.backend} trainer was disposed`, {
        backend: this.backend,
      });
    }
  }
}
