/**
 * The float64 reference executor: the oracle every backend is compared with. Plain loops over
 * the spec's layers, nothing clever, so that it can be read against the maths in the cell files.
 */
import type { RecurrentState, RunOptions, RunResult } from '../backend.js';
import { nameRecord } from '../names/own-keys.js';
import { assembleRunResult } from '../run/assemble-result.js';
import { prepareRunInputs } from '../run/prepare-inputs.js';
import type { PreparedRun } from '../run/prepared-run.js';
import { isRecurrentLayer, recurrentLayers } from '../spec/resolve.js';
import type { NamedTensors } from '../tensor.js';
import { validateModel } from '../validate/index.js';
import type { Model } from '../weights/canonical.js';
import { runActivationLayer } from './activation-layer.js';
import { runConcatStates } from './concat-states.js';
import { runDense } from './dense.js';
import { runEmbedding } from './embedding.js';
import { runRecurrentLayer } from './recurrent-layer.js';
import { runPooling, runSelectStep } from './time-reduce.js';
import type { LayerValues } from './values.js';

/** Validates the model and the inputs, then runs. Outputs and state are float64. */
export function runReference(
  model: Model,
  inputs: NamedTensors,
  options: RunOptions = {},
): RunResult {
  validateModel(model);
  return executeReference(model, prepareRunInputs(model.spec, inputs, options));
}

/** Runs an already validated model on already prepared inputs (the backend's session path). */
export function executeReference(model: Model, run: PreparedRun): RunResult {
  const { spec, weights } = model;
  const { batch, time, mask } = run;
  const resolved = new Map(recurrentLayers(spec).map((layer) => [layer.name, layer]));
  const finalState: RecurrentState = nameRecord();

  let values: LayerValues | undefined =
    spec.input.type === 'features'
      ? {
          batch,
          time,
          features: spec.input.size,
          sequence: true,
          data: run.features64 ?? Float64Array.from(run.features as Float32Array),
        }
      : undefined;

  for (const layer of spec.layers) {
    if (layer.type === 'embedding') {
      values = runEmbedding(layer, weights, run.tokens as Int32Array, batch, time);
    } else if (layer.type === 'dense') {
      values = runDense(layer, weights, values as LayerValues);
    } else if (layer.type === 'selectStep') {
      values = runSelectStep(layer, values as LayerValues);
    } else if (layer.type === 'pooling') {
      values = runPooling(layer, values as LayerValues, mask);
    } else if (layer.type === 'activation') {
      values = runActivationLayer(layer, values as LayerValues);
    } else if (layer.type === 'concatStates') {
      values = runConcatStates(layer, finalState, values as LayerValues);
    } else if (isRecurrentLayer(layer)) {
      const resolvedLayer = resolved.get(layer.name);
      if (!resolvedLayer) throw new Error(`unresolved recurrent layer ${layer.name}`);
      const result = runRecurrentLayer(
        resolvedLayer,
        weights,
        values as LayerValues,
        mask,
        run.initialState64[layer.name],
      );
      values = result.output;
      finalState[layer.name] = result.state;
    }
    // dropout: identity at inference.
  }

  const out = values as LayerValues;
  const shape = out.sequence ? [out.batch, out.time, out.features] : [out.batch, out.features];
  return assembleRunResult(spec, { dtype: 'float64', shape, data: out.data }, finalState);
}
