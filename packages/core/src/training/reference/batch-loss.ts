/**
 * One batch through the float64 model and the loss: inputs and targets checked, forward with
 * tapes, loss and its gradient at the output (or at the final Dense layer's logits when the loss
 * can be computed from them exactly: docs/training.md, probabilityClipping "none").
 */
import { prepareRunInputs } from '../../run/prepare-inputs.js';
import type { ModelSpec } from '../../spec/types.js';
import { checkFiniteFeatures, checkTargets } from '../check-targets.js';
import type { DropoutContext } from '../dropout-masks.js';
import { outputIsLogProbabilities } from '../model-config-checks.js';
import type { LossConfig, TrainingBatch } from '../types.js';
import { computeLoss, type LossResult } from './losses.js';
import { finalLogits, forwardModel, type ModelTape } from './model-tape.js';
import type { ParameterStore } from './parameter-store.js';

export interface Evaluated {
  tape: ModelTape;
  result: LossResult;
}

export function evaluateBatchLoss(
  spec: ModelSpec,
  store: ParameterStore,
  loss: Required<LossConfig>,
  wantsAccuracy: boolean,
  batch: TrainingBatch,
  dropout?: DropoutContext,
): Evaluated {
  const run = prepareRunInputs(spec, batch.inputs, batch.state ? { state: batch.state } : {});
  for (const [name, tensor] of Object.entries(batch.inputs)) checkFiniteFeatures(tensor, name);
  const tape = forwardModel(spec, store, run, dropout);
  const out = tape.output;
  const outputShape = out.sequence
    ? [out.batch, out.time, out.features]
    : [out.batch, out.features];
  const targets = checkTargets(batch.targets, loss, outputShape);
  const final = finalLogits(tape);
  const categorical =
    loss.name === 'categoricalCrossentropy' || loss.name === 'sparseCategoricalCrossentropy';
  const fusable =
    final !== undefined &&
    !loss.fromLogits &&
    ((loss.name === 'binaryCrossentropy' && final.activation === 'sigmoid') ||
      (categorical && final.activation === 'softmax'));
  const result = computeLoss({
    loss,
    output: out.data,
    logits: fusable ? final.logits : undefined,
    rows: out.sequence ? out.batch * out.time : out.batch,
    features: out.features,
    targets,
    real: out.sequence ? run.mask : undefined,
    accuracy: wantsAccuracy,
    logProbabilities: outputIsLogProbabilities(spec),
  });
  return { tape, result };
}
