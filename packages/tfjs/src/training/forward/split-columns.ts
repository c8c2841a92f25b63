/**
 * [rows, cols] -> column blocks [rows, sizes[i]] (tf.split on axis 1), differentiably, without
 * tfjs-cpu's strided Slice: a column block is not contiguous, and tfjs-cpu's sliceImpl then walks
 * it element by element through TensorBuffer.get / indexToLoc with array spreads. A CPU profile
 * of an LSTM 128 training step at batch 32 x 100 on tfjs-cpu spent ~20% there (the gate split
 * of every step). The inference path avoids it with feature-major state; training keeps the
 * canonical batch-major layout, so it gets this kernel instead.
 *
 * `RnnkitSplitColumns` is registered for tfjs-cpu only (through tfjs's registry, like the other
 * rnnkit kernels): one pass over the rows, each row's blocks copied with subarray/set. Its
 * registered gradient is tf.concat of the blocks' gradients on axis 1, as tfjs's own Split's is.
 * Other backends keep tf.split.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type KernelArgs, kernelMemory, registerStepKernel } from '../../layers/kernel-memory.js';

const SPLIT_COLUMNS = 'RnnkitSplitColumns';
let gradientRegistered = false;

interface SplitColumnsAttrs {
  sizes: number[];
}

function splitColumnsKernel({ inputs, backend, attrs }: KernelArgs<SplitColumnsAttrs>) {
  const memory = kernelMemory(backend);
  const xInfo = inputs.x as tf.TensorInfo;
  const [rows, cols] = xInfo.shape;
  const outputs = attrs.sizes.map((size) => memory.output([rows, size]));
  const x = memory.view(xInfo);
  const views = outputs.map((info) => memory.view(info));
  for (let r = 0; r < rows; r++) {
    let from = r * cols;
    attrs.sizes.forEach((size, i) => {
      views[i].set(x.subarray(from, from + size), r * size);
      from += size;
    });
  }
  return outputs;
}

export function registerSplitColumns(): void {
  registerStepKernel(SPLIT_COLUMNS, 'cpu', splitColumnsKernel);
  if (!gradientRegistered) {
    tf.registerGradient({
      kernelName: SPLIT_COLUMNS,
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => ({
        x: () => tf.concat(Array.isArray(dy) ? dy : [dy], 1),
      }),
    });
    gradientRegistered = true;
  }
}

/** tf.split(x, sizes, 1) for a 2-D x; the host kernel where it is registered for the backend. */
export function splitColumns(x: tf.Tensor, sizes: number[]): tf.Tensor2D[] {
  if (
    tf.getBackend() === 'cpu' &&
    x.rank === 2 &&
    x.dtype === 'float32' &&
    tf.getKernel(SPLIT_COLUMNS, 'cpu')
  ) {
    const attrs: SplitColumnsAttrs = { sizes };
    return tf
      .engine()
      .runKernel(
        SPLIT_COLUMNS,
        { x },
        attrs as unknown as tf.NamedAttrMap,
      ) as unknown as tf.Tensor2D[];
  }
  return tf.split(x, sizes, 1) as tf.Tensor2D[];
}
