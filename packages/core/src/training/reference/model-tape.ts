/**
 * The whole model forward with every layer's tape kept (the order of reference/run-reference.ts),
 * and backward from the gradient of the model's output — or, when the loss was computed from the
 * final layer's logits (a final Dense or `activation` layer with sigmoid / softmax), from the
 * gradient of those logits. A `concatStates` layer's gradient goes to the final states of the
 * layers it lists, and enters their backward pass with the gradient of their outputs.
 */
import type { RecurrentState } from '../../backend.js';
import { runActivationLayer } from '../../reference/activation-layer.js';
import { runConcatStates } from '../../reference/concat-states.js';
import { runPooling, runSelectStep } from '../../reference/time-reduce.js';
import type { LayerValues } from '../../reference/values.js';
import type { PreparedRun } from '../../run/prepared-run.js';
import { isRecurrentLayer, recurrentLayers } from '../../spec/resolve.js';
import type {
  Activation,
  ActivationLayer,
  ConcatStatesLayer,
  EmbeddingLayer,
  ModelSpec,
  PoolingLayer,
  SelectStepLayer,
} from '../../spec/types.js';
import { type DropoutContext, dropoutMask } from '../dropout-masks.js';
import { activationRowsBackward } from './activation-backward.js';
import { concatStatesBackward, type StateGradients } from './concat-states-tape.js';
import {
  type DenseTape,
  denseActivationBackward,
  denseLinearBackward,
  forwardDense,
} from './dense-tape.js';
import { backwardEmbedding, forwardEmbedding } from './embedding-tape.js';
import type { ParameterStore } from './parameter-store.js';
import { backwardRecurrent, forwardRecurrent, type RecurrentTape } from './recurrent-layer-tape.js';
import { poolingBackward, selectStepBackward } from './time-reduce-tape.js';

type LayerTape =
  | { kind: 'embedding'; layer: EmbeddingLayer }
  | { kind: 'dense'; tape: DenseTape }
  | { kind: 'recurrent'; tape: RecurrentTape }
  | { kind: 'selectStep'; layer: SelectStepLayer; input: LayerValues }
  | { kind: 'pooling'; layer: PoolingLayer; input: LayerValues }
  | { kind: 'activation'; layer: ActivationLayer; input: LayerValues; output: Float64Array }
  | { kind: 'concatStates'; layer: ConcatStatesLayer; input: LayerValues }
  | { kind: 'dropout'; mask: Float64Array }
  | { kind: 'identity' };

export interface ModelTape {
  spec: ModelSpec;
  run: PreparedRun;
  layers: LayerTape[];
  output: LayerValues;
  finalState: RecurrentState;
}

/** `dropout`: masks for `dropout: 'apply'` (training/dropout-masks.ts); undefined = identity. */
export function forwardModel(
  spec: ModelSpec,
  store: ParameterStore,
  run: PreparedRun,
  dropout?: DropoutContext,
): ModelTape {
  const { batch, time, mask } = run;
  const resolved = new Map(recurrentLayers(spec).map((layer) => [layer.name, layer]));
  const finalState: RecurrentState = {};
  const layers: LayerTape[] = [];
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
  for (const [index, layer] of spec.layers.entries()) {
    if (layer.type === 'dropout' && dropout && layer.rate > 0) {
      const input = values as LayerValues;
      const mask = dropoutMask(dropout, index, input.data.length, layer.rate);
      const data = new Float64Array(input.data.length);
      for (let i = 0; i < data.length; i++) data[i] = input.data[i] * mask[i];
      values = { ...input, data };
      layers.push({ kind: 'dropout', mask });
    } else if (layer.type === 'embedding') {
      values = forwardEmbedding(layer, store, run.tokens as Int32Array, batch, time);
      layers.push({ kind: 'embedding', layer });
    } else if (layer.type === 'dense') {
      const result = forwardDense(layer, store, values as LayerValues);
      values = result.output;
      layers.push({ kind: 'dense', tape: result.tape });
    } else if (layer.type === 'selectStep') {
      layers.push({ kind: 'selectStep', layer, input: values as LayerValues });
      values = runSelectStep(layer, values as LayerValues);
    } else if (layer.type === 'pooling') {
      layers.push({ kind: 'pooling', layer, input: values as LayerValues });
      values = runPooling(layer, values as LayerValues, mask);
    } else if (layer.type === 'activation') {
      const input = values as LayerValues;
      values = runActivationLayer(layer, input);
      layers.push({ kind: 'activation', layer, input, output: values.data });
    } else if (layer.type === 'concatStates') {
      layers.push({ kind: 'concatStates', layer, input: values as LayerValues });
      values = runConcatStates(layer, finalState, values as LayerValues);
    } else if (isRecurrentLayer(layer)) {
      const r = resolved.get(layer.name);
      if (!r) throw new Error(`unresolved recurrent layer ${layer.name}`);
      const result = forwardRecurrent(
        r,
        store,
        values as LayerValues,
        mask,
        run.initialState64[layer.name],
      );
      values = result.output;
      finalState[layer.name] = result.state;
      layers.push({ kind: 'recurrent', tape: result.tape });
    } else {
      // dropout without masks ('ignore', evaluation, rate 0): the identity.
      layers.push({ kind: 'identity' });
    }
  }
  const output = values as LayerValues;
  if (output.sequence && mask) {
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] === 0) output.data.fill(0, i * output.features, (i + 1) * output.features);
    }
  }
  return { spec, run, layers, output, finalState };
}

/**
 * The final layer's activation and its input when it is a Dense or an `activation` layer: the
 * logits of a final sigmoid / softmax. Keras 3 attaches `_keras_logits` in the sigmoid and
 * softmax activation functions themselves (keras/src/activations/activations.py), which its
 * `Activation` layer calls as its Dense does, so both kinds of final layer give the losses their
 * logits.
 */
export function finalLogits(
  tape: ModelTape,
): { activation: Activation; logits: Float64Array } | undefined {
  const last = tape.layers[tape.layers.length - 1];
  if (last?.kind === 'dense')
    return { activation: last.tape.layer.activation ?? 'linear', logits: last.tape.pre };
  if (last?.kind === 'activation')
    return { activation: last.layer.activation, logits: last.input.data };
  return undefined;
}

/**
 * Backward pass. `dOutput` is the gradient of the model output, or with `fromLogits` of the final
 * Dense layer's pre-activation. Returns gradients for every trainable tensor, by canonical name.
 */
export function backwardModel(
  tape: ModelTape,
  dOutput: Float64Array,
  fromLogits = false,
): Map<string, Float64Array> {
  const gradients = new Map<string, Float64Array>();
  const stateGradients: StateGradients = new Map();
  let d = dOutput;
  for (let i = tape.layers.length - 1; i >= 0; i--) {
    const entry = tape.layers[i];
    const logitsGiven = fromLogits && i === tape.layers.length - 1;
    if (entry.kind === 'dense') {
      const dPre = logitsGiven ? d : denseActivationBackward(entry.tape, d);
      d = denseLinearBackward(entry.tape, dPre, gradients);
    } else if (entry.kind === 'activation') {
      const { layer, input, output } = entry;
      if (!logitsGiven)
        d = activationRowsBackward(layer.activation, input.features, input.data, output, d);
    } else if (entry.kind === 'concatStates') {
      concatStatesBackward(entry.layer, tape.finalState, tape.run.batch, d, stateGradients);
      // Its input value is not read: no gradient flows to it.
      d = new Float64Array(entry.input.data.length);
    } else if (entry.kind === 'recurrent') {
      d = backwardRecurrent(
        entry.tape,
        d,
        gradients,
        stateGradients.get(entry.tape.layer.name) ?? {},
      );
    } else if (entry.kind === 'dropout') {
      const next = new Float64Array(d.length);
      for (let k = 0; k < d.length; k++) next[k] = d[k] * entry.mask[k];
      d = next;
    } else if (entry.kind === 'selectStep') {
      d = selectStepBackward(entry.layer, entry.input, d);
    } else if (entry.kind === 'pooling') {
      d = poolingBackward(entry.layer, entry.input, tape.run.mask, d);
    } else if (entry.kind === 'embedding') {
      backwardEmbedding(entry.layer, tape.run.tokens as Int32Array, d, gradients);
    }
  }
  return gradients;
}
