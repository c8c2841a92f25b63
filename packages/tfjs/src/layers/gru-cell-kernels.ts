/**
 * The two custom kernels of a GRU step with the reset gate before the candidate's product
 * (resetAfter false), for tfjs-wasm and tfjs-cpu; same design and reasons as the LSTM's
 * (lstm-cell-kernel.ts). A step is four ops (gru.ts):
 *   1. gates = sigmoid([x_t | h] · [W_zr; U_zr] + b_zr)      fused product, [batch, 2*units]
 *   2. RnnkitGruReset: [x_t | r*h] from gates and [x_t | h]   [batch, inputSize + units]
 *   3. cand = sigmoid([x_t | r*h] · [W_h; U_h] + b_h)         fused product, candidate doubled
 *   4. RnnkitGruUpdate: h' = z*h + (1-z)*(2*cand - 1), written feature-major [units, batch] and
 *      into the next step's [x_t+1 | h'] block
 * instead of fourteen ops. Blocks are batch-major rows of [x | h]; gates are in Keras order z, r.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerGruResetAfter } from './gru-reset-after-kernel.js';
import {
  hiddenStepOutputs,
  type KernelArgs,
  kernelMemory,
  type NextStepAttrs,
  registerStepKernel,
  runNextStepKernel,
} from './kernel-memory.js';

export const GRU_RESET = 'RnnkitGruReset';
export const GRU_UPDATE = 'RnnkitGruUpdate';

/** [x | r*h] from `gates` [batch, 2*units] (z, r) and `block` [batch, inputSize + units]. */
function gruReset({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const memory = kernelMemory(backend);
  const gatesInfo = inputs.gates as tf.TensorInfo;
  const blockInfo = inputs.block as tf.TensorInfo;
  const [batch, width] = blockInfo.shape;
  const units = gatesInfo.shape[1] / 2;
  const inputSize = width - units;
  const out = memory.output([batch, width]);
  const gates = memory.view(gatesInfo);
  const block = memory.view(blockInfo);
  const reset = memory.view(out);
  for (let b = 0; b < batch; b++) {
    const row = b * width;
    reset.set(block.subarray(row, row + inputSize), row);
    const r = b * 2 * units + units;
    const h = row + inputSize;
    for (let j = 0; j < units; j++) reset[h + j] = gates[r + j] * block[h + j];
  }
  return out;
}

/**
 * h' = z*h + (1-z)*tanh from `gates` (z, r), `candidate` [batch, units] (sigmoid of the doubled
 * pre-activation), `block` [x_t | h] and the layer's `inputs` [time, batch, inputSize].
 */
function gruUpdate({ inputs, backend, attrs }: KernelArgs<NextStepAttrs>): tf.TensorInfo[] {
  const memory = kernelMemory(backend);
  const candidateInfo = inputs.candidate as tf.TensorInfo;
  const units = candidateInfo.shape[1];
  const blockInfo = inputs.block as tf.TensorInfo;
  const xsInfo = inputs.inputs as tf.TensorInfo;
  const { outputs, h, next, batch, width, inputSize } = hiddenStepOutputs(
    memory,
    blockInfo,
    xsInfo,
    units,
    attrs.nextStep,
  );
  const gates = memory.view(inputs.gates as tf.TensorInfo);
  const candidate = memory.view(candidateInfo);
  const block = memory.view(blockInfo);
  for (let b = 0; b < batch; b++) {
    const z = b * 2 * units;
    const c = b * units;
    const previous = b * width + inputSize;
    for (let j = 0; j < units; j++) {
      const gate = gates[z + j];
      const hidden = gate * block[previous + j] + (1 - gate) * (2 * candidate[c + j] - 1);
      h[j * batch + b] = hidden;
      next[previous + j] = hidden;
    }
  }
  return outputs;
}

/** Registers every GRU step kernel for one backend ('wasm' or 'cpu') once per process. */
export function registerGruKernels(backendName: 'wasm' | 'cpu'): void {
  registerStepKernel(GRU_RESET, backendName, gruReset);
  registerStepKernel(GRU_UPDATE, backendName, gruUpdate);
  registerGruResetAfter(backendName);
}

export function gruResetOp(gates: tf.Tensor2D, block: tf.Tensor2D): tf.Tensor2D {
  return tf.engine().runKernel(GRU_RESET, { gates, block }, {}) as tf.Tensor2D;
}

export function gruUpdateOp(
  gates: tf.Tensor2D,
  candidate: tf.Tensor2D,
  block: tf.Tensor2D,
  inputs: tf.Tensor3D,
  nextStep: number,
): { h: tf.Tensor2D; next: tf.Tensor2D } {
  const [h, next] = runNextStepKernel(GRU_UPDATE, { gates, candidate, block, inputs }, nextStep);
  return { h, next };
}
