/**
 * The model's forward pass as differentiable tfjs ops, from core's checked `PreparedRun` and the
 * training variables. Call inside a gradient tape (tf.variableGrads) and a tidy.
 *
 * This is deliberately not the inference path (model/forward.ts): that one runs rnnkit's own
 * step kernels (RnnkitLstmCell, RnnkitGruResetAfter, RnnkitDense...), which have no gradients,
 * and folds weights into copies at load. Here every step is stock tfjs ops with registered
 * gradients, reading the variables themselves.
 */
import {
  type DropoutContext,
  directionPrefixes,
  dropoutMask,
  isRecurrentLayer,
  layerForDirection,
  layerInputSizes,
  type ModelSpec,
  outputIsLogProbabilities,
  type PreparedRun,
  resolveRecurrentLayer,
} from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { initialStates } from '../../model/initial-states.js';
import { embeddingLookup } from './embedding-lookup.js';
import { createGruTrainingCell } from './gru-training-cell.js';
import { createLstmTrainingCell } from './lstm-training-cell.js';
import { matMul } from './mat-mul.js';
import { createSimpleRnnTrainingCell } from './simple-rnn-training-cell.js';
import { trainingActivate as activate } from './training-activation.js';
import type { DirectionVariables, TrainingCellState } from './training-cell.js';
import { trainingConcatStates } from './training-concat-states.js';
import { runTrainingLayer } from './training-recurrent-layer.js';
import { trainingPooling, trainingSelectStep } from './training-time-reduce.js';
import type { TrainingVariables } from './training-variables.js';

const cellFactories = {
  simpleRnn: createSimpleRnnTrainingCell,
  lstm: createLstmTrainingCell,
  gru: createGruTrainingCell,
} as const;

export interface TrainingForwardResult {
  /** Batch-major main output: [batch, time, features] or [batch, features]. */
  output: tf.Tensor;
  /**
   * The last layer's input to its activation, when it is a Dense or an `activation` layer with
   * sigmoid or softmax (core's finalLogits): the losses take logs of probabilities from these
   * logits (log-sigmoid, log-softmax), which is exact where log(sigmoid(z)) would round to log(0).
   */
  logits?: { activation: 'sigmoid' | 'softmax'; value: tf.Tensor };
  /** The model ends in a logSoftmax Dense or activation layer: the output is log-probabilities (core's outputIsLogProbabilities). */
  logProbabilities: boolean;
  /** [batch, time] bool, true = real step; only for a sequence output with padding. */
  outputMask?: tf.Tensor2D;
}

/** `dropout`: masks for `dropout: 'apply'` (core's dropout-masks.ts); undefined = identity. */
export function trainingForward(
  spec: ModelSpec,
  variables: TrainingVariables,
  run: PreparedRun,
  dropout?: DropoutContext,
): TrainingForwardResult {
  const { batch, time } = run;
  const inputSizes = layerInputSizes(spec);
  // Time-major between layers, as the inference path: each step is a contiguous block.
  let x: tf.Tensor;
  if (run.tokens) {
    x = tf.transpose(tf.tensor2d(run.tokens, [batch, time], 'int32'));
  } else {
    const size = spec.input.type === 'features' ? spec.input.size : 1;
    x = tf.transpose(tf.tensor3d(run.features as Float32Array, [batch, time, size]), [1, 0, 2]);
  }
  const mask = run.mask
    ? (tf.transpose(tf.tensor2d(run.mask, [batch, time], 'bool')) as tf.Tensor2D)
    : undefined;
  let sequence = true;
  let logits: TrainingForwardResult['logits'];
  // Each recurrent layer's final states per direction, for `concatStates`.
  const finals = new Map<string, TrainingCellState[]>();

  spec.layers.forEach((layer, index) => {
    logits = undefined;
    if (layer.type === 'dropout' && dropout && layer.rate > 0) {
      // The mask is drawn batch-major, as the reference draws it; x is time-major on a sequence.
      const mask = dropoutMask(dropout, index, x.size, layer.rate);
      x = sequence
        ? tf.mul(
            x,
            tf.transpose(
              tf.tensor3d(Float32Array.from(mask), [batch, time, x.shape[2] as number]),
              [1, 0, 2],
            ),
          )
        : tf.mul(x, tf.tensor(Float32Array.from(mask), x.shape));
    } else if (layer.type === 'embedding') {
      x = embeddingLookup(
        variables.get(`${layer.name}/embeddings`) as tf.Tensor2D,
        x as tf.Tensor2D,
      );
    } else if (layer.type === 'dense') {
      const features = x.shape[x.shape.length - 1];
      const rows = tf.reshape(x, [-1, features]) as tf.Tensor2D;
      let z: tf.Tensor = matMul(rows, variables.get(`${layer.name}/kernel`) as tf.Tensor2D);
      if (layer.useBias ?? true) z = tf.add(z, variables.get(`${layer.name}/bias`));
      const outShape = [...x.shape.slice(0, -1), layer.units];
      const activation = layer.activation ?? 'linear';
      if (activation === 'sigmoid' || activation === 'softmax') {
        logits = { activation, value: tf.reshape(z, outShape) };
      }
      x = tf.reshape(activate(z, activation), outShape);
    } else if (layer.type === 'activation') {
      // Every position, padded ones included (Keras's Activation ignores the mask).
      if (layer.activation === 'sigmoid' || layer.activation === 'softmax') {
        logits = { activation: layer.activation, value: x };
      }
      x = activate(x, layer.activation);
    } else if (layer.type === 'concatStates') {
      x = trainingConcatStates(layer, finals);
      sequence = false;
    } else if (layer.type === 'selectStep') {
      x = trainingSelectStep(layer, x as tf.Tensor3D);
      sequence = false;
    } else if (layer.type === 'pooling') {
      x = trainingPooling(layer, x as tf.Tensor3D, mask, run.mask);
      sequence = false;
    } else if (isRecurrentLayer(layer)) {
      const resolved = resolveRecurrentLayer(layer, inputSizes[index]);
      const { units, directions } = resolved;
      const cells = directionPrefixes(resolved.name, directions).map((prefix, d) => {
        const optional = (suffix: string) =>
          variables.byName.get(`${prefix}${suffix}`) as tf.Tensor1D | undefined;
        const weights: DirectionVariables = {
          kernel: variables.get(`${prefix}kernel`) as tf.Tensor2D,
          recurrentKernel: variables.get(`${prefix}recurrentKernel`) as tf.Tensor2D,
          bias: resolved.useBias ? optional('bias') : undefined,
          recurrentBias: resolved.recurrentBias ? optional('recurrentBias') : undefined,
          peephole: resolved.peepholes ? optional('peephole') : undefined,
        };
        // Each direction's own activations (`backward` on a bidirectional layer).
        return cellFactories[resolved.type](layerForDirection(resolved, d), weights);
      });
      // Masks are bool constants (no gradient): tf.unstack is fine for them.
      const stepMasks = mask
        ? (tf.unstack(
            tf.broadcastTo(tf.reshape(mask, [time, batch, 1]), [time, batch, units]),
          ) as tf.Tensor2D[])
        : undefined;
      const initial = initialStates(
        run,
        resolved.name,
        directions,
        batch,
        units,
        resolved.type === 'lstm',
      );
      const result = runTrainingLayer(resolved, cells, x as tf.Tensor3D, initial, stepMasks);
      finals.set(resolved.name, result.finals);
      // sequenceOrder 'processing' (Keras go_backwards): the time-aligned sequence reversed over
      // the whole time axis, on the layer's returned sequence (x is time-major here).
      x =
        resolved.returnSequences && resolved.sequenceOrder === 'processing'
          ? tf.reverse(result.output, 0)
          : result.output;
      sequence = resolved.returnSequences;
    }
    // Dropout without masks ('ignore', evaluation, rate 0): the identity.
  });

  const batchMajor = (t: tf.Tensor) => (sequence ? tf.transpose(t, [1, 0, 2]) : t);
  return {
    output: batchMajor(x),
    logProbabilities: outputIsLogProbabilities(spec),
    ...(logits
      ? { logits: { activation: logits.activation, value: batchMajor(logits.value) } }
      : {}),
    ...(sequence && mask ? { outputMask: tf.transpose(mask) as tf.Tensor2D } : {}),
  };
}
