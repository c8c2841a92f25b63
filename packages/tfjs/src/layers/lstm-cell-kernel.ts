/**
 * The LSTM cell update as one custom tfjs kernel, registered with tfjs's own kernel registry
 * (`registerKernel`) for the wasm and cpu backends: a JS loop over the backend's own memory (the
 * wasm heap, as tfjs-wasm's Slice kernel does; tfjs-cpu's value arrays).
 *
 * Why: done with tfjs ops, an LSTM step is a slice of its projected inputs, an add, a sigmoid, a
 * split into four gates and seven elementwise ops. On a [128, 32] state each op costs tfjs-wasm
 * ~15-25 µs of dispatch for ~2 µs of arithmetic, which left rnnkit's LSTM only 1.2x faster than
 * stock tf.layers there; tfjs-cpu pays the same per op, which dominates at batch 1. With this
 * kernel a step is two ops (lstm.ts): one fused product sigmoid([x_t | h] · [W; R] + b), then
 * this kernel, which does the rest and lays out the next step's [x_t+1 | h'] row by row, so that
 * no step needs a slice, a concat or a transpose.
 *
 * Input `gates` is batch-major [batch, 4*units], already through the sigmoid, gates in Keras order
 * i, f, c̃, o, with the candidate's pre-activation doubled at load so that its block holds
 * sigmoid(2x) and tanh(x) = 2*sigmoid(2x) - 1. `c` is feature-major [units, batch], as the time
 * loop keeps states. `inputs` is the layer's whole input, time-major [time, batch, inputSize].
 * Outputs: h' and c' feature-major [units, batch], and the next step's [batch, inputSize + units]
 * row block [x_next | h'] (x_next is zeros when `nextStep` is -1, the last step).
 *
 * On tfjs-wasm the loop runs as WebAssembly SIMD in tfjs-wasm's own memory when it can
 * (wasm/simd-lstm-cell.ts); the JS loop here is the fallback there and the cpu kernel.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { fastTanh } from './fast-exp.js';
import {
  copyNextInputs,
  type KernelArgs,
  kernelMemory,
  type NextStepAttrs,
  registerStepKernel,
  runNextStepKernel,
} from './kernel-memory.js';
import { runSimdLstmCell } from './wasm/simd-lstm-cell.js';

export const LSTM_CELL = 'RnnkitLstmCell';

function lstmCell({ inputs, backend, attrs }: KernelArgs<NextStepAttrs>): tf.TensorInfo[] {
  const memory = kernelMemory(backend);
  const gatesInfo = inputs.gates as tf.TensorInfo;
  const cInfo = inputs.c as tf.TensorInfo;
  const xsInfo = inputs.inputs as tf.TensorInfo;
  const [units, batch] = cInfo.shape;
  const inputSize = xsInfo.shape[2];
  const width = inputSize + units;
  // Outputs first: allocating may grow the wasm memory, which detaches earlier heap views.
  const hOut = memory.output([units, batch]);
  const cOut = memory.output([units, batch]);
  const nextOut = memory.output([batch, width]);
  const outputs = [hOut, cOut, nextOut];
  const { nextStep } = attrs;
  const simdArgs = {
    gates: gatesInfo,
    c: cInfo,
    inputs: xsInfo,
    nextStep,
    h: hOut,
    cNext: cOut,
    next: nextOut,
  };
  if (runSimdLstmCell(backend, simdArgs)) return outputs;
  const gates = memory.view(gatesInfo);
  const c = memory.view(cInfo);
  const h = memory.view(hOut);
  const cNext = memory.view(cOut);
  const next = memory.view(nextOut);
  copyNextInputs(memory, xsInfo, nextStep, next, batch, width);
  for (let b = 0; b < batch; b++) {
    const row = b * 4 * units;
    const nextRow = b * width + inputSize;
    for (let j = 0; j < units; j++) {
      const k = j * batch + b; // feature-major index of unit j, example b
      const candidate = 2 * gates[row + 2 * units + j] - 1;
      const cell = gates[row + units + j] * c[k] + gates[row + j] * candidate;
      const hidden = gates[row + 3 * units + j] * fastTanh(cell);
      cNext[k] = cell;
      h[k] = hidden;
      next[nextRow + j] = hidden;
    }
  }
  return outputs;
}

/** Registers the kernel for one backend ('wasm' or 'cpu') once per process. */
export function registerLstmCell(backendName: 'wasm' | 'cpu'): void {
  registerStepKernel(LSTM_CELL, backendName, lstmCell);
}

export interface LstmCellResult {
  /** [units, batch]. */
  h: tf.Tensor2D;
  /** [units, batch]. */
  c: tf.Tensor2D;
  /** [batch, inputSize + units]: the next step's [x | h]. */
  next: tf.Tensor2D;
}

/** See the file comment; tfjs-wasm and tfjs-cpu only. */
export function lstmCellOp(
  gates: tf.Tensor2D,
  c: tf.Tensor2D,
  inputs: tf.Tensor3D,
  nextStep: number,
): LstmCellResult {
  const [h, cNext, next] = runNextStepKernel(LSTM_CELL, { gates, c, inputs }, nextStep);
  return { h, c: cNext, next };
}
