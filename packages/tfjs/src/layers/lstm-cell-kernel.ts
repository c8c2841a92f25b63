/**
 * The LSTM cell update as one custom tfjs kernel for tfjs-wasm, registered with tfjs's own kernel
 * registry (`registerKernel`) the way tfjs-wasm implements ops such as Slice: a JS loop over the
 * wasm heap.
 *
 * Why: done with tfjs ops, an LSTM step is a slice of its projected inputs, an add, a sigmoid, a
 * split into four gates and seven elementwise ops. On a [128, 32] state each op costs tfjs-wasm
 * ~15-25 µs of dispatch for ~2 µs of arithmetic, which left rnnkit's LSTM only 1.2x faster than
 * stock tf.layers there. With this kernel a step is two ops (lstm.ts): one fused product
 * sigmoid([x_t | h] · [W; R] + b), on XNNPACK, then this kernel, which does the rest and lays out
 * the next step's [x_t+1 | h'] row by row, so that no step needs a slice, a concat or a transpose.
 *
 * Input `gates` is batch-major [batch, 4*units], already through the sigmoid, gates in Keras order
 * i, f, c̃, o, with the candidate's pre-activation doubled at load so that its block holds
 * sigmoid(2x) and tanh(x) = 2*sigmoid(2x) - 1 (see CellOptions.tanhViaSigmoid). `c` is
 * feature-major [units, batch], as the time loop keeps states. `inputs` is the layer's whole input,
 * time-major [time, batch, inputSize]. Outputs: h' and c' feature-major [units, batch], and the
 * next step's [batch, inputSize + units] row block [x_next | h'] (x_next is zeros when
 * `nextStep` is -1, the last step).
 */
import * as tf from '@tensorflow/tfjs-core';
import { fastTanh } from './fast-exp.js';

export const LSTM_CELL = 'RnnkitLstmCell';

/** The part of tfjs-wasm's BackendWasm this kernel uses (public methods of the class). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

interface LstmCellAttrs {
  /** The time step whose inputs go into the next [x | h] block, or -1 after the last step. */
  nextStep: number;
}

function lstmCell({
  inputs,
  backend,
  attrs,
}: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs: LstmCellAttrs;
}): tf.TensorInfo[] {
  const wasm = backend as WasmHeapBackend;
  const gatesInfo = inputs.gates as tf.TensorInfo;
  const cInfo = inputs.c as tf.TensorInfo;
  const xsInfo = inputs.inputs as tf.TensorInfo;
  const [units, batch] = cInfo.shape;
  const inputSize = xsInfo.shape[2];
  const width = inputSize + units;
  // Outputs first: allocating may grow the wasm memory, which detaches earlier heap views.
  const hOut = wasm.makeOutput([units, batch], 'float32');
  const cOut = wasm.makeOutput([units, batch], 'float32');
  const nextOut = wasm.makeOutput([batch, width], 'float32');
  const gates = wasm.typedArrayFromHeap(gatesInfo);
  const c = wasm.typedArrayFromHeap(cInfo);
  const h = wasm.typedArrayFromHeap(hOut);
  const cNext = wasm.typedArrayFromHeap(cOut);
  const next = wasm.typedArrayFromHeap(nextOut);
  if (attrs.nextStep >= 0) {
    const xs = wasm.typedArrayFromHeap(xsInfo);
    const stepStart = attrs.nextStep * batch * inputSize;
    for (let b = 0; b < batch; b++) {
      const from = stepStart + b * inputSize;
      next.set(xs.subarray(from, from + inputSize), b * width);
    }
  } else {
    for (let b = 0; b < batch; b++) next.fill(0, b * width, b * width + inputSize);
  }
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
  return [hOut, cOut, nextOut];
}

/** Registers the kernel for tfjs-wasm once per process (tfjs's registry is global). */
export function registerLstmCell(): void {
  if (tf.getKernel(LSTM_CELL, 'wasm')) return;
  tf.registerKernel({
    kernelName: LSTM_CELL,
    backendName: 'wasm',
    kernelFunc: lstmCell as unknown as tf.KernelFunc,
  });
}

export interface LstmCellResult {
  /** [units, batch]. */
  h: tf.Tensor2D;
  /** [units, batch]. */
  c: tf.Tensor2D;
  /** [batch, inputSize + units]: the next step's [x | h]. */
  next: tf.Tensor2D;
}

/** See the file comment; tfjs-wasm only. */
export function lstmCellOp(
  gates: tf.Tensor2D,
  c: tf.Tensor2D,
  inputs: tf.Tensor3D,
  nextStep: number,
): LstmCellResult {
  const attrs: LstmCellAttrs = { nextStep };
  const [h, cNext, next] = tf
    .engine()
    .runKernel(LSTM_CELL, { gates, c, inputs }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { h: h as tf.Tensor2D, c: cNext as tf.Tensor2D, next: next as tf.Tensor2D };
}
