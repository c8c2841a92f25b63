/**
 * Uploads a model's weights once, at load, into the tensors each layer computes with
 * (biases folded, kernels split where a layer needs it). Must run with the session's tfjs
 * backend active: a tensor lives on the backend that was active when it was made.
 */

import {
  type Activation,
  type ConcatStatesLayer,
  directionPrefixes,
  isRecurrentLayer,
  layerForDirection,
  layerInputSizes,
  type Model,
  type PoolingLayer,
  type ResolvedRecurrentLayer,
  RnnkitError,
  resolveRecurrentLayer,
  type WeightTensor,
} from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { DenseWeights } from '../layers/dense.js';
import { registerDense } from '../layers/dense-kernel.js';
import { createGruCell } from '../layers/gru.js';
import { registerGruKernels } from '../layers/gru-cell-kernels.js';
import { createLstmCell } from '../layers/lstm.js';
import { registerLstmCell } from '../layers/lstm-cell-kernel.js';
import type { CellOptions, DirectionWeights, RecurrentCell } from '../layers/recurrent-cell.js';
import { createSimpleRnnCell } from '../layers/simple-rnn.js';

export type CompiledLayer =
  | {
      kind: 'embedding';
      table: tf.Tensor2D;
      /** cpu and wasm look rows up on the host (see embedOnHost); a private copy of the table. */
      hostTable?: Float32Array;
      outputDim: number;
    }
  | { kind: 'dense'; weights: DenseWeights }
  | { kind: 'identity' }
  | { kind: 'selectStep'; index: number }
  | { kind: 'pooling'; layer: PoolingLayer }
  | { kind: 'activation'; activation: Activation }
  | { kind: 'concatStates'; layer: ConcatStatesLayer }
  | { kind: 'recurrent'; layer: ResolvedRecurrentLayer; cells: RecurrentCell[] };

export interface CompiledModel {
  layers: CompiledLayer[];
  dispose(): void;
}

const cellFactories = {
  simpleRnn: createSimpleRnnCell,
  lstm: createLstmCell,
  gru: createGruCell,
} as const;

export function compileModel(model: Model): CompiledModel {
  const { spec, weights } = model;
  // Per-backend step strategy (see CellOptions): runs with the session's backend active.
  const onWasm = tf.getBackend() === 'wasm';
  const onCpu = tf.getBackend() === 'cpu';
  const onHostMemory = onWasm || onCpu;
  if (onHostMemory) {
    registerLstmCell(onWasm ? 'wasm' : 'cpu');
    registerGruKernels(onWasm ? 'wasm' : 'cpu');
  }
  if (onCpu) registerDense();
  const cellOptions: CellOptions = {
    tanhViaSigmoid: onWasm,
    stepKernels: onHostMemory,
    hostProducts: onCpu,
  };
  const lookUpOnHost = tf.getBackend() === 'cpu' || tf.getBackend() === 'wasm';
  const inputSizes = layerInputSizes(spec);
  const owned: { dispose(): void }[] = [];
  const weight = (name: string): WeightTensor => {
    const found = weights.get(name);
    if (!found)
      throw new RnnkitError('INVALID_WEIGHTS', `missing weight tensor '${name}'`, { path: name });
    return found;
  };
  try {
    const layers = spec.layers.map((layer, index): CompiledLayer => {
      const inputSize = inputSizes[index];
      if (layer.type === 'embedding') {
        const table = tf.tensor2d(weight(`${layer.name}/embeddings`).data, [
          layer.inputDim,
          layer.outputDim,
        ]);
        owned.push(table);
        const hostTable = lookUpOnHost
          ? Float32Array.from(weight(`${layer.name}/embeddings`).data)
          : undefined;
        return { kind: 'embedding', table, hostTable, outputDim: layer.outputDim };
      }
      if (layer.type === 'dense') {
        const kernel = tf.tensor2d(weight(`${layer.name}/kernel`).data, [inputSize, layer.units]);
        owned.push(kernel);
        let bias: tf.Tensor1D | undefined;
        if (layer.useBias ?? true) {
          bias = tf.tensor1d(weight(`${layer.name}/bias`).data);
          owned.push(bias);
        }
        return {
          kind: 'dense',
          weights: { kernel, bias, activation: layer.activation ?? 'linear' },
        };
      }
      if (isRecurrentLayer(layer)) {
        const resolved = resolveRecurrentLayer(layer, inputSize);
        const cells = directionPrefixes(resolved.name, resolved.directions).map((prefix, d) => {
          const optional = (suffix: string) => weights.get(`${prefix}${suffix}`);
          const direction: DirectionWeights = {
            kernel: weight(`${prefix}kernel`),
            recurrentKernel: weight(`${prefix}recurrentKernel`),
            bias: resolved.useBias ? weight(`${prefix}bias`) : undefined,
            recurrentBias: resolved.recurrentBias ? weight(`${prefix}recurrentBias`) : undefined,
            peephole: resolved.peepholes ? weight(`${prefix}peephole`) : optional('peephole'),
          };
          // The backward direction may have its own activations (spec `backward`); a cell picks its
          // fused kernel path from the activations it is given, so each direction chooses alone.
          const cell = cellFactories[resolved.type](
            layerForDirection(resolved, d),
            direction,
            cellOptions,
          );
          owned.push(cell);
          return cell;
        });
        return { kind: 'recurrent', layer: resolved, cells };
      }
      if (layer.type === 'selectStep') return { kind: 'selectStep', index: layer.index };
      if (layer.type === 'pooling') return { kind: 'pooling', layer };
      if (layer.type === 'activation') return { kind: 'activation', activation: layer.activation };
      if (layer.type === 'concatStates') return { kind: 'concatStates', layer };
      // Dropout is the identity at inference.
      return { kind: 'identity' };
    });
    return {
      layers,
      dispose: () => {
        for (const o of owned) o.dispose();
      },
    };
  } catch (error) {
    for (const o of owned) o.dispose();
    throw error;
  }
}
