/**
 * LSTM, gates i, f, c, o (Keras order): i=σ(.. + Pi*c), f=σ(.. + Pf*c), c̃=g(..),
 * c'=f*c+i*c̃, o=σ(.. + Po*c'), h'=o*g(c'). Peepholes (ONNX) are optional.
 * Both biases fold into the hoisted input product; a step is one product of the whole
 * (transposed) recurrent kernel with h, then a split into the four gates.
 */

import type { ResolvedRecurrentLayer } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { activate } from './activation.js';
import {
  type CellState,
  type DirectionWeights,
  foldBiases,
  project,
  type RecurrentCell,
  upload1d,
  upload2d,
  uploadColumn,
  uploadTransposed,
} from './recurrent-cell.js';

export function createLstmCell(
  layer: ResolvedRecurrentLayer,
  weights: DirectionWeights,
): RecurrentCell {
  const units = layer.units;
  const kernel = upload2d(weights.kernel);
  const recurrentKernelT = uploadTransposed(weights.recurrentKernel.data, units, 4 * units);
  const bias = upload1d(foldBiases(4 * units, weights.bias?.data, weights.recurrentBias?.data));
  const peephole = layer.peepholes && weights.peephole ? weights.peephole.data : undefined;
  const [inputPeephole, forgetPeephole, outputPeephole] = peephole
    ? [0, 1, 2].map(
        (k) => uploadColumn(peephole.subarray(k * units, (k + 1) * units)) as tf.Tensor2D,
      )
    : [];
  const gate = (x: tf.Tensor) => activate(x, layer.recurrentActivation);
  const owned = [
    kernel,
    recurrentKernelT,
    bias,
    inputPeephole,
    forgetPeephole,
    outputPeephole,
  ].filter((t) => t !== undefined);

  return {
    projectInputs: (x) => project(x, kernel, bias),
    step(projected: tf.Tensor2D, state: CellState): CellState {
      const c = state.c as tf.Tensor2D;
      const z = tf.add(projected, tf.matMul(recurrentKernelT, state.h));
      let [i, f, candidate, o] = tf.split(z, 4, 0);
      if (inputPeephole && forgetPeephole) {
        i = tf.add(i, tf.mul(c, inputPeephole));
        f = tf.add(f, tf.mul(c, forgetPeephole));
      }
      const nextC = tf.add(
        tf.mul(gate(f), c),
        tf.mul(gate(i), activate(candidate, layer.activation)),
      );
      if (outputPeephole) o = tf.add(o, tf.mul(nextC, outputPeephole));
      const nextH = tf.mul(gate(o), activate(nextC, layer.activation));
      return { h: nextH as tf.Tensor2D, c: nextC as tf.Tensor2D };
    },
    dispose: () => tf.dispose(owned),
  };
}
