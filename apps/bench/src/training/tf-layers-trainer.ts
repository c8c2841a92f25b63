/**
 * The baseline: the same model as stock tf.layers (the inference bench's builder, weights copied
 * in Keras layout), compiled with the same loss and tf.train.adam, stepped with trainOnBatch on
 * the same tfjs backend and the same batches.
 */
import type { Model, Tensor, TrainingBatch } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs';
import { buildTfLayersModel } from '../baselines/tfjs-layers.js';
import type { TrainingWorkload } from './training-workloads.js';

export interface StepRunner {
  step(batch: TrainingBatch): Promise<number>;
  dispose(): Promise<void>;
}

const LOSS_NAMES: Record<string, string> = {
  binaryCrossentropy: 'binaryCrossentropy',
  categoricalCrossentropy: 'categoricalCrossentropy',
  sparseCategoricalCrossentropy: 'sparseCategoricalCrossentropy',
  meanSquaredError: 'meanSquaredError',
};

export async function createTfLayersTrainer(
  model: Model,
  workload: TrainingWorkload,
  backend: 'cpu' | 'wasm',
): Promise<StepRunner> {
  await tf.setBackend(backend);
  const seq = buildTfLayersModel(model);
  const optimizer = workload.config.optimizer;
  if (optimizer.name !== 'adam') throw new Error('the training bench compares Adam only');
  const loss =
    typeof workload.config.loss === 'string' ? workload.config.loss : workload.config.loss.name;
  seq.compile({
    loss: LOSS_NAMES[loss],
    optimizer: tf.train.adam(
      optimizer.learningRate,
      optimizer.beta1 ?? 0.9,
      optimizer.beta2 ?? 0.999,
      optimizer.epsilon,
    ),
  });
  const toTf = (t: Tensor) =>
    tf.tensor(
      t.dtype === 'int32' ? (t.data as Int32Array) : Float32Array.from(t.data as ArrayLike<number>),
      [...t.shape],
      t.dtype === 'int32' ? 'int32' : 'float32',
    );
  return {
    async step(batch) {
      // rnnkit's trainer switches the engine's active backend around its own work.
      if (tf.getBackend() !== backend) await tf.setBackend(backend);
      // In a tidy: the ids tensor and its expandDims are intermediates that used to leak two
      // tensors per step (tf.memory().numTensors grew by 2 a step on the GRU LM).
      const [x, y] = tf.tidy(() => [
        toTf(Object.values(batch.inputs)[0]),
        // tf.layers's sparse loss takes the ids with a trailing axis of 1 ([batch, time, 1]).
        loss === 'sparseCategoricalCrossentropy'
          ? tf.cast(tf.expandDims(toTf(batch.targets), -1), 'float32')
          : toTf(batch.targets),
      ]);
      try {
        const result = await seq.trainOnBatch(x, y);
        return Array.isArray(result) ? result[0] : result;
      } finally {
        tf.dispose([x, y]);
      }
    },
    async dispose() {
      seq.dispose();
    },
  };
}
