/**
 * The custom kernel of a GRU step with the reset gate after the recurrent product (resetAfter
 * true: the Keras TF2 default, PyTorch, ONNX linear_before_reset=1), for tfjs-wasm and tfjs-cpu;
 * same design and reasons as the LSTM's (lstm-cell-kernel.ts). A step is two ops (gru.ts):
 *   1. parts = [x_t | h] · K + b, one fused product (no activation), [batch, 4*units], where K
 *      stacks [W_z W_r W_h 0; U_z U_r 0 U_h]: the z and r pre-activations, then the candidate's
 *      input part x·W_h + b_h and recurrent part h·U_h + rb_h kept apart, since the reset gate
 *      multiplies only the second
 *   2. RnnkitGruResetAfter: z = σ(z), r = σ(r), h̃ = tanh(x part + r * h part),
 *      h' = z*h + (1-z)*h̃, written feature-major [units, batch] and into the next step's
 *      [x_t+1 | h'] block
 * instead of about fifteen ops. The zero blocks cost a third more multiply-adds in the product;
 * at batch 1 (token-by-token generation, where this layer is most common) per-op dispatch
 * dominates instead. Blocks are batch-major rows of [x | h]; gates in Keras order z, r, h.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { fastExp, fastTanh } from './fast-exp.js';
import {
  hiddenStepOutputs,
  type KernelArgs,
  kernelMemory,
  type NextStepAttrs,
  registerStepKernel,
  runNextStepKernel,
} from './kernel-memory.js';

export const GRU_RESET_AFTER = 'RnnkitGruResetAfter';

/**
 * h' from `parts` [batch, 4*units] (see the file comment), `block` [x_t | h] and the layer's
 * `inputs` [time, batch, inputSize].
 */
function gruResetAfter({ inputs, backend, attrs }: KernelArgs<NextStepAttrs>): tf.TensorInfo[] {
  const memory = kernelMemory(backend);
  const partsInfo = inputs.parts as tf.TensorInfo;
  const units = partsInfo.shape[1] / 4;
  const blockInfo = inputs.block as tf.TensorInfo;
  const xsInfo = inputs.inputs as tf.TensorInfo;
  const { outputs, h, next, batch, width, inputSize } = hiddenStepOutputs(
    memory,
    blockInfo,
    xsInfo,
    units,
    attrs.nextStep,
  );
  const parts = memory.view(partsInfo);
  const block = memory.view(blockInfo);
  for (let b = 0; b < batch; b++) {
    const z = b * 4 * units;
    const r = z + units;
    const inputPart = r + units;
    const recurrentPart = inputPart + units;
    const previous = b * width + inputSize;
    for (let j = 0; j < units; j++) {
      const update = 1 / (1 + fastExp(-parts[z + j]));
      const reset = 1 / (1 + fastExp(-parts[r + j]));
      const candidate = fastTanh(parts[inputPart + j] + reset * parts[recurrentPart + j]);
      const hidden = update * block[previous + j] + (1 - update) * candidate;
      h[j * batch + b] = hidden;
      next[previous + j] = hidden;
    }
  }
  return outputs;
}

/** Registers the kernel for one backend ('wasm' or 'cpu') once per process. */
export function registerGruResetAfter(backendName: 'wasm' | 'cpu'): void {
  registerStepKernel(GRU_RESET_AFTER, backendName, gruResetAfter);
}

export function gruResetAfterOp(
  parts: tf.Tensor2D,
  block: tf.Tensor2D,
  inputs: tf.Tensor3D,
  nextStep: number,
): { h: tf.Tensor2D; next: tf.Tensor2D } {
  const [h, next] = runNextStepKernel(GRU_RESET_AFTER, { parts, block, inputs }, nextStep);
  return { h, next };
}
