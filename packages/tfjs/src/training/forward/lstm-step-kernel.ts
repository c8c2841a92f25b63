/**
 * One LSTM step's gate arithmetic (sigmoid gates, tanh candidate and output, no peepholes) as a
 * single tfjs-cpu kernel with a hand-written gradient kernel, for the training path:
 *
 *   z = projected + recurrent   [batch, 4*units], gate order i, f, c, o (the spec's)
 *   i = σ(z_i), f = σ(z_f), g = tanh(z_c), o = σ(z_o)
 *   c' = f·c + i·g,  h' = o·tanh(c')
 *
 * Backward (RnnkitLstmTrainingStepGrad), from dh' and dc' (tfjs fills zeros for an output the
 * loss does not reach), recomputing the gates from the saved inputs:
 *
 *   dc = dc' + dh'·o·(1 − tanh²(c')),  dz_i = dc·g·i(1−i),  dz_f = dc·c·f(1−f),
 *   dz_c = dc·i·(1−g²),  dz_o = dh'·tanh(c')·o(1−o),  dc_prev = dc·f
 *
 * and dz is the gradient of both `projected` and `recurrent`. These are the derivatives the
 * stock-op path gets from tfjs's registered gradients of Add, Split, Sigmoid, Tanh and Mul; the
 * reference gradient tests check them against core's float64 BPTT and PyTorch autograd.
 *
 * Why: after the products moved to rnnkit's kernel (cpu-mat-mul-kernel.ts), a tfjs-cpu LSTM
 * training step spent about a quarter of its time in the ~11 elementwise ops of each step and
 * the ~25 of their gradients, each a separate kernel call that allocates a [batch, units] array.
 * Registered for tfjs-cpu only; other backends and other activations keep the stock ops.
 * Arithmetic is float64 per element (rounded to float32 on store), with tfjs-cpu's own formulas
 * for σ (1 / (1 + e^−x)) and tanh (Math.tanh).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type KernelArgs, kernelMemory, registerStepKernel } from '../../layers/kernel-memory.js';

const LSTM_STEP = 'RnnkitLstmTrainingStep';
const LSTM_STEP_GRAD = 'RnnkitLstmTrainingStepGrad';
let gradientRegistered = false;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function stepKernel({ inputs, backend }: KernelArgs): tf.TensorInfo[] {
  const memory = kernelMemory(backend);
  const cInfo = inputs.c as tf.TensorInfo;
  const [batch, units] = cInfo.shape;
  const hOut = memory.output([batch, units]);
  const cOut = memory.output([batch, units]);
  const p = memory.view(inputs.projected as tf.TensorInfo);
  const r = memory.view(inputs.recurrent as tf.TensorInfo);
  const c = memory.view(cInfo);
  const nextH = memory.view(hOut);
  const nextC = memory.view(cOut);
  for (let b = 0; b < batch; b++) {
    const row = b * 4 * units;
    for (let j = 0; j < units; j++) {
      const zi = row + j;
      const zf = zi + units;
      const zc = zf + units;
      const zo = zc + units;
      const k = b * units + j;
      const cell =
        sigmoid(p[zf] + r[zf]) * c[k] + sigmoid(p[zi] + r[zi]) * Math.tanh(p[zc] + r[zc]);
      nextC[k] = cell;
      nextH[k] = sigmoid(p[zo] + r[zo]) * Math.tanh(cell);
    }
  }
  return [hOut, cOut];
}

function stepGradKernel({ inputs, backend }: KernelArgs): tf.TensorInfo[] {
  const memory = kernelMemory(backend);
  const cInfo = inputs.c as tf.TensorInfo;
  const [batch, units] = cInfo.shape;
  const dzOut = memory.output([batch, 4 * units]);
  const dcOut = memory.output([batch, units]);
  const p = memory.view(inputs.projected as tf.TensorInfo);
  const r = memory.view(inputs.recurrent as tf.TensorInfo);
  const c = memory.view(cInfo);
  const nextC = memory.view(inputs.nextC as tf.TensorInfo);
  const dh = memory.view(inputs.dh as tf.TensorInfo);
  const dNextC = memory.view(inputs.dc as tf.TensorInfo);
  const dz = memory.view(dzOut);
  const dcPrev = memory.view(dcOut);
  for (let b = 0; b < batch; b++) {
    const row = b * 4 * units;
    for (let j = 0; j < units; j++) {
      const zi = row + j;
      const zf = zi + units;
      const zc = zf + units;
      const zo = zc + units;
      const k = b * units + j;
      const i = sigmoid(p[zi] + r[zi]);
      const f = sigmoid(p[zf] + r[zf]);
      const g = Math.tanh(p[zc] + r[zc]);
      const o = sigmoid(p[zo] + r[zo]);
      const tanhC = Math.tanh(nextC[k]);
      const dcell = dNextC[k] + dh[k] * o * (1 - tanhC * tanhC);
      dz[zi] = dcell * g * i * (1 - i);
      dz[zf] = dcell * c[k] * f * (1 - f);
      dz[zc] = dcell * i * (1 - g * g);
      dz[zo] = dh[k] * tanhC * o * (1 - o);
      dcPrev[k] = dcell * f;
    }
  }
  return [dzOut, dcOut];
}

export function registerLstmTrainingStep(): void {
  registerStepKernel(LSTM_STEP, 'cpu', stepKernel);
  registerStepKernel(LSTM_STEP_GRAD, 'cpu', stepGradKernel);
  if (gradientRegistered) return;
  tf.registerGradient({
    kernelName: LSTM_STEP,
    inputsToSave: ['projected', 'recurrent', 'c'],
    outputsToSave: [false, true],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [dh, dc] = dy as tf.Tensor[];
      const [projected, recurrent, c, nextC] = saved;
      const [dz, dcPrev] = tf
        .engine()
        .runKernel(LSTM_STEP_GRAD, { projected, recurrent, c, nextC, dh, dc }, {}) as tf.Tensor[];
      // Two inputs get the same gradient: a copy for the second, since the tape disposes each
      // input's gradient on its own.
      return { projected: () => dz, recurrent: () => tf.clone(dz), c: () => dcPrev };
    },
  });
  gradientRegistered = true;
}

/** Whether the active backend has the kernel (tfjs-cpu after registration). */
export function lstmTrainingStepAvailable(): boolean {
  return tf.getBackend() === 'cpu' && Boolean(tf.getKernel(LSTM_STEP, 'cpu'));
}

/** [h', c'] from this step's input projection, recurrent product h·U and cell state (float32). */
export function lstmTrainingStep(
  projected: tf.Tensor2D,
  recurrent: tf.Tensor2D,
  c: tf.Tensor2D,
): [tf.Tensor2D, tf.Tensor2D] {
  return tf.engine().runKernel(LSTM_STEP, { projected, recurrent, c }, {}) as unknown as [
    tf.Tensor2D,
    tf.Tensor2D,
  ];
}
