/**
 * LSTM, gates i, f, c, o (Keras order): i=σ(.. + Pi*c), f=σ(.. + Pf*c), c̃=g(..),
 * c'=f*c+i*c̃, o=σ(.. + Po*c'), h'=o*g(c'). Peepholes (ONNX) are optional.
 * Both biases fold into the hoisted input product; a step is one product of the whole
 * (transposed) recurrent kernel with h, then a split into the four gates.
 * With `tanhViaSigmoid` (tfjs-wasm, tanh/sigmoid, no peepholes) the candidate's weights are
 * doubled at load, so one sigmoid activates all four gates before the split. With
 * `stepKernels` (tfjs-wasm and tfjs-cpu, same conditions, no masked step) there is no hoisted
 * projection:
 * a step is one fused product sigmoid([x_t | h]·[W; R] + b) and one custom kernel that does the
 * rest (lstm-cell-kernel.ts); masked runs keep the split path above. On tfjs-cpu
 * (`hostProducts`) that product is rnnkit's own kernel too (dense-kernel.ts).
 */

import type { ResolvedRecurrentLayer } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { activate } from './activation.js';
import { dense } from './dense-kernel.js';
import { lstmCellOp } from './lstm-cell-kernel.js';
import {
  type CellOptions,
  type CellState,
  concatRows,
  type DirectionWeights,
  firstStepBlock,
  foldBiases,
  project,
  type RecurrentCell,
  scaleColumns,
  tanhFromDoubled,
  upload1d,
  uploadColumn,
  uploadTransposed,
} from './recurrent-cell.js';

export function createLstmCell(
  layer: ResolvedRecurrentLayer,
  weights: DirectionWeights,
  options: CellOptions,
): RecurrentCell {
  const units = layer.units;
  const width = 4 * units;
  const peephole = layer.peepholes && weights.peephole ? weights.peephole.data : undefined;
  const standard =
    layer.activation === 'tanh' &&
    layer.recurrentActivation === 'sigmoid' &&
    peephole === undefined;
  const viaSigmoid = options.tanhViaSigmoid && standard;
  const stepKernel = standard && options.stepKernels === true;
  // Candidate columns [2u, 3u) doubled: sigmoid(2x) then gives tanh(x) = 2*sigmoid(2x) - 1.
  const scale = (data: Float32Array) =>
    scaleColumns(data, width, 2 * units, 3 * units, viaSigmoid ? 2 : 1);
  const kernel = tf.tensor2d(scale(weights.kernel.data), [weights.kernel.shape[0], width]);
  const recurrentKernelT = uploadTransposed(scale(weights.recurrentKernel.data), units, width);
  const folded = foldBiases(width, weights.bias?.data, weights.recurrentBias?.data);
  const bias = upload1d(folded && scale(folded));
  const [inputPeephole, forgetPeephole, outputPeephole] = peephole
    ? [0, 1, 2].map(
        (k) => uploadColumn(peephole.subarray(k * units, (k + 1) * units)) as tf.Tensor2D,
      )
    : [];
  // The kernel path's one product: [x | h] times [W; R], and its bias, candidate always doubled
  // (the product's fused sigmoid then activates all four gates).
  // On tfjs-cpu (`hostProducts`) the product is rnnkit's own kernel (dense-kernel.ts),
  // which reads [W; R] transposed; only the layout that is used gets uploaded.
  const doubled = (data: Float32Array) => scaleColumns(data, width, 2 * units, 3 * units, 2);
  const stacked = stepKernel
    ? concatRows(doubled(weights.kernel.data), doubled(weights.recurrentKernel.data))
    : undefined;
  const stackedRows = weights.kernel.shape[0] + units;
  const hostProduct = options.hostProducts === true;
  const stackedKernel =
    stacked && !hostProduct ? tf.tensor2d(stacked, [stackedRows, width]) : undefined;
  const stackedKernelT =
    stacked && hostProduct ? uploadTransposed(stacked, stackedRows, width) : undefined;
  const stackedBias = stepKernel ? upload1d(folded && doubled(folded)) : undefined;
  const stackedProduct = stackedKernelT
    ? (xh: tf.Tensor2D) => dense(xh, stackedKernelT, stackedBias, 'sigmoid')
    : stackedKernel
      ? (xh: tf.Tensor2D) =>
          tf.fused.matMul({ a: xh, b: stackedKernel, bias: stackedBias, activation: 'sigmoid' })
      : undefined;
  const gate = (x: tf.Tensor) => activate(x, layer.recurrentActivation);
  const owned = [
    kernel,
    recurrentKernelT,
    bias,
    stackedKernel,
    stackedKernelT,
    stackedBias,
    inputPeephole,
    forgetPeephole,
    outputPeephole,
  ].filter((t) => t !== undefined);

  return {
    projectInputs: (x) => project(x, kernel, bias),
    step(projected: tf.Tensor2D, state: CellState): CellState {
      const c = state.c as tf.Tensor2D;
      if (viaSigmoid) {
        const gates = tf.sigmoid(tf.add(projected, tf.matMul(recurrentKernelT, state.h)));
        const [i, f, doubledCandidate, o] = tf.split(gates, 4, 0);
        const candidate = tf.sub(tf.mul(doubledCandidate, 2), 1);
        const nextC = tf.add(tf.mul(f, c), tf.mul(i, candidate));
        const nextH = tf.mul(o, tanhFromDoubled(tf.mul(nextC, 2)));
        return { h: nextH as tf.Tensor2D, c: nextC as tf.Tensor2D };
      }
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
    stepFromInputs: stackedProduct
      ? (inputs, t, nextStep, state) => {
          // Only the first step builds [x_t | h] itself; the kernel lays out every later one.
          const xh = state.carry ?? firstStepBlock(inputs, t, state.h);
          const gates = stackedProduct(xh);
          const next = lstmCellOp(gates as tf.Tensor2D, state.c as tf.Tensor2D, inputs, nextStep);
          return { h: next.h, c: next.c, carry: next.next };
        }
      : undefined,
    dispose: () => tf.dispose(owned),
  };
}
