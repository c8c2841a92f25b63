/**
 * What the rnnkit step kernels (lstm-cell-kernel.ts, gru-cell-kernels.ts) share: how tfjs calls
 * them and registers them, and where they read inputs and make outputs: the backend's own
 * memory, the wasm heap on tfjs-wasm (as tfjs-wasm's own Slice kernel does) and the value arrays
 * on tfjs-cpu.
 */
import * as tf from '@tensorflow/tfjs-core';

/** What tfjs passes a kernel function. */
export interface KernelArgs<Attrs = object> {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs: Attrs;
}

/** Attributes of a kernel that lays out the next step's [x | h] block. */
export interface NextStepAttrs {
  /** The time step whose inputs go into the next [x | h] block, or -1 after the last step. */
  nextStep: number;
}

/** Registers a step kernel for one backend ('wasm' or 'cpu') once per process (the registry is global). */
export function registerStepKernel<Attrs>(
  kernelName: string,
  backendName: 'wasm' | 'cpu',
  kernel: (args: KernelArgs<Attrs>) => tf.TensorInfo | tf.TensorInfo[],
): void {
  if (tf.getKernel(kernelName, backendName)) return;
  tf.registerKernel({ kernelName, backendName, kernelFunc: kernel as unknown as tf.KernelFunc });
}

/** The parts of tfjs-wasm's BackendWasm and tfjs-cpu's MathBackendCPU used here (public). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}
interface CpuBackend {
  data: { get(dataId: tf.DataId): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

/** Reads inputs and makes outputs in one backend's own memory. */
export interface KernelMemory {
  output(shape: number[]): tf.TensorInfo;
  /** Call after every output is made: on wasm, making one may grow (and move) the heap. */
  view(info: tf.TensorInfo): Float32Array;
}

export function kernelMemory(backend: unknown): KernelMemory {
  if (typeof (backend as WasmHeapBackend).typedArrayFromHeap === 'function') {
    const wasm = backend as WasmHeapBackend;
    return {
      output: (shape) => wasm.makeOutput(shape, 'float32'),
      view: (info) => wasm.typedArrayFromHeap(info),
    };
  }
  const cpu = backend as CpuBackend;
  return {
    output: (shape) => cpu.makeTensorInfo(shape, 'float32', new Float32Array(shape[0] * shape[1])),
    view: (info) => cpu.data.get(info.dataId).values,
  };
}

/** Rows of the next [x | h] block: x from step `nextStep` of `xsInfo`, or zeros after the last. */
export function copyNextInputs(
  memory: KernelMemory,
  xsInfo: tf.TensorInfo,
  nextStep: number,
  next: Float32Array,
  batch: number,
  width: number,
): void {
  const inputSize = xsInfo.shape[2];
  if (nextStep < 0) {
    for (let b = 0; b < batch; b++) next.fill(0, b * width, b * width + inputSize);
    return;
  }
  const xs = memory.view(xsInfo);
  const stepStart = nextStep * batch * inputSize;
  for (let b = 0; b < batch; b++) {
    const from = stepStart + b * inputSize;
    next.set(xs.subarray(from, from + inputSize), b * width);
  }
}

/** What `hiddenStepOutputs` gives a kernel: its outputs, their views and the block's layout. */
export interface HiddenStepOutputs {
  /** [h' [units, batch], next [batch, inputSize + units]]: what the kernel returns. */
  outputs: tf.TensorInfo[];
  h: Float32Array;
  next: Float32Array;
  batch: number;
  /** inputSize + units: one row of a [x | h] block. */
  width: number;
  inputSize: number;
}

/**
 * Makes the two outputs of a GRU step kernel, h' feature-major and the next step's [x | h']
 * block, and lays out that block's x part (see copyNextInputs). Call it before viewing any
 * input: making outputs may grow (and move) the wasm heap.
 */
export function hiddenStepOutputs(
  memory: KernelMemory,
  blockInfo: tf.TensorInfo,
  xsInfo: tf.TensorInfo,
  units: number,
  nextStep: number,
): HiddenStepOutputs {
  const [batch, width] = blockInfo.shape;
  const hOut = memory.output([units, batch]);
  const nextOut = memory.output([batch, width]);
  const next = memory.view(nextOut);
  copyNextInputs(memory, xsInfo, nextStep, next, batch, width);
  const h = memory.view(hOut);
  return { outputs: [hOut, nextOut], h, next, batch, width, inputSize: width - units };
}

/** Runs a kernel whose attributes are NextStepAttrs; its outputs, in order. */
export function runNextStepKernel(
  kernelName: string,
  inputs: tf.NamedTensorMap,
  nextStep: number,
): tf.Tensor2D[] {
  const attrs: NextStepAttrs = { nextStep };
  return tf
    .engine()
    .runKernel(kernelName, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D[];
}
