/**
 * One run of a compiled model as tfjs ops, from core's checked `PreparedRun` to output tensors.
 * Call inside tf.tidy with the session's backend active; every tensor it makes that is not in
 * the returned container is freed by that tidy.
 */

import type { ModelSpec, PreparedRun } from '@rnnkit/core';
import { nameRecord } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { activate } from '../layers/activation.js';
import { concatStates } from '../layers/concat-states.js';
import { dense } from '../layers/dense.js';
import { embed, embedOnHost } from '../layers/embedding.js';
import { runRecurrentLayer } from '../layers/recurrent.js';
import { pool, selectStep } from '../layers/time-reduce.js';
import type { CompiledModel } from './compile.js';
import { initialStates } from './initial-states.js';
import { stepSlicerFor } from './step-slicer.js';

// A type alias, not an interface, so tf.tidy accepts it as a tensor container.
export type ForwardResult = {
  /** Batch-major main output: [batch, time, features] or [batch, features]. */
  output: tf.Tensor;
  /** Per recurrent layer: [directions, batch, units]. */
  states: Record<string, { h: tf.Tensor3D; c?: tf.Tensor3D }>;
};

export function forward(spec: ModelSpec, compiled: CompiledModel, run: PreparedRun): ForwardResult {
  const { batch, time } = run;
  // Time-major inside: each step's slice is contiguous, and stacked step outputs need no transpose.
  let x: tf.Tensor;
  const first = compiled.layers[0];
  if (run.tokens && first?.kind === 'embedding' && first.hostTable) {
    // The embedding layer below sees this already looked up.
    x = embedOnHost(first.hostTable, first.outputDim, run.tokens, batch, time);
  } else if (run.tokens) {
    x = tf.transpose(tf.tensor2d(run.tokens, [batch, time], 'int32'));
  } else {
    const size = spec.input.type === 'features' ? spec.input.size : 1;
    x = tf.transpose(tf.tensor3d(run.features as Float32Array, [batch, time, size]), [1, 0, 2]);
  }
  let sequence = true;
  const mask = run.mask
    ? (tf.transpose(tf.tensor2d(run.mask, [batch, time], 'bool')) as tf.Tensor2D)
    : undefined;
  const states: ForwardResult['states'] = nameRecord();
  const sliceSteps = stepSlicerFor(tf.getBackend());

  for (const layer of compiled.layers) {
    switch (layer.kind) {
      case 'embedding':
        if (!layer.hostTable) x = embed(layer.table, x as tf.Tensor2D);
        break;
      case 'dense':
        x = dense(x, layer.weights);
        break;
      case 'identity':
        break;
      case 'selectStep':
        x = selectStep(x as tf.Tensor3D, layer.index);
        sequence = false;
        break;
      case 'pooling':
        x = pool(x as tf.Tensor3D, layer.layer, mask);
        sequence = false;
        break;
      case 'activation':
        // Every position, padded ones too (Keras's Activation ignores the mask).
        x = activate(x, layer.activation);
        break;
      case 'concatStates':
        x = concatStates(layer.layer, states);
        sequence = false;
        break;
      case 'recurrent': {
        const { name, directions, units, type } = layer.layer;
        const initial = initialStates(run, name, directions, batch, units, type === 'lstm');
        const result = runRecurrentLayer(
          layer.layer,
          layer.cells,
          x as tf.Tensor3D,
          initial,
          mask,
          sliceSteps,
        );
        states[layer.layer.name] = {
          h: result.finalH,
          ...(result.finalC ? { c: result.finalC } : {}),
        };
        // sequenceOrder 'processing' (Keras go_backwards sequences): reading order, x is time-major.
        x =
          layer.layer.returnSequences && layer.layer.sequenceOrder === 'processing'
            ? tf.reverse(result.output, 0)
            : result.output;
        sequence = layer.layer.returnSequences;
        break;
      }
    }
  }
  return { output: sequence ? tf.transpose(x, [1, 0, 2]) : x, states };
}
