/**
 * How a recurrent layer's steps get their input projection x·W + b (csrc/recurrent.c, top):
 *
 * - fused (LSTM and SimpleRNN reading input rows): each step's one product runs over the stacked
 *   weights [W; U], packed at load as one panel set, with the step's input rows and h as its two
 *   sources, from the summed bias b + rb. LSTM 32x100 (64 -> 128) in process: ~0.9x the time of
 *   projecting first (apps/bench/README.md "Session 7: fused projection"): the 6.5 MB projection
 *   is neither written nor read back scattered, step by step.
 * - projected: a token layer with a projected embedding table looks each step's row up (cheaper
 *   than any product), and GRU, whose h gate cannot fuse (r scales only h·Uh + rbh), gets one
 *   gemm over all batch*time rows before the steps.
 *
 * The sum order differs between the two (bias + x·W + h·U in one chain against (b + x·W) +
 * (rb + h·U)), within the tolerance table of the float64 reference; a streamed step and a
 * joined run take the same way, so they stay bit-identical.
 */
import type { ResolvedRecurrentLayer, Weights, WeightTensor } from '@rnnkit/core';
import type { KernelExports } from './kernels.js';
import type { MemoryArena } from './memory-arena.js';

/** Columns per weight panel: PANEL in csrc/gemm.h (pack_panels zero-pads the last one). */
const GEMM_PANEL = 16;

/** The stacked weights of a fused direction. */
export interface FusedWeights {
  /** [W; U], [inputSize + units, gates*units], in gemm's column panels. */
  kernel: number;
  /** bias + recurrentBias (float32 sums), the bias alone, or 0 when the layer has neither. */
  bias: number;
}

/** Whether a layer's steps fold its input projection into the recurrent product. */
export function fusesInput(layer: ResolvedRecurrentLayer, projectedTable: boolean): boolean {
  return (layer.type === 'lstm' || layer.type === 'simpleRnn') && !projectedTable;
}

/** Packs [W; U] of one direction as one panel set and sums its biases, once at load. */
export function placeFusedWeights(
  arena: MemoryArena,
  kernels: KernelExports,
  weights: Weights,
  prefix: string,
): FusedWeights {
  const kernel = tensorAt(weights, `${prefix}kernel`);
  const recurrentKernel = tensorAt(weights, `${prefix}recurrentKernel`);
  const [inputSize, width] = kernel.shape;
  const k = inputSize + recurrentKernel.shape[0];
  const packed = arena.alloc(Math.ceil(width / GEMM_PANEL) * GEMM_PANEL * k * 4, `${prefix}kernel`);
  // The row-major [W; U] is only needed while packing. One write, W's rows then U's (two
  // writes could leave an alignment gap between them).
  const mark = arena.mark();
  const raw = arena.alloc(k * width * 4, `${prefix}kernel and recurrentKernel`);
  arena.float32.set(kernel.data, raw >> 2);
  arena.float32.set(recurrentKernel.data, (raw >> 2) + inputSize * width);
  kernels.pack_panels(packed, raw, width, k, width);
  arena.release(mark);
  return { kernel: packed, bias: placeSummedBias(arena, weights, prefix, width) };
}

function placeSummedBias(
  arena: MemoryArena,
  weights: Weights,
  prefix: string,
  width: number,
): number {
  const bias = weights.get(`${prefix}bias`)?.data;
  const recurrentBias = weights.get(`${prefix}recurrentBias`)?.data;
  if (!bias && !recurrentBias) return 0;
  const sum = new Float32Array(width);
  for (let j = 0; j < width; j++) sum[j] = (bias?.[j] ?? 0) + (recurrentBias?.[j] ?? 0);
  return arena.writeFloats(sum, `${prefix}bias + recurrentBias`);
}

function tensorAt(weights: Weights, name: string): WeightTensor {
  const tensor = weights.get(name);
  // validateModel guarantees both kernels; a missing one here is a bug in this package.
  if (!tensor) throw new Error(`rnnkit-wasm: weight '${name}' missing after validation`);
  return tensor;
}

/** The fields of a RecurrentJob (recurrent-job.ts) that say where a step's input comes from. */
export interface StepInputFields {
  xp: number;
  recurrentKernel: number;
  recurrentBias: number;
  inputSize: number;
}

/** What runs need of a direction's weights (model-plan.ts DirectionWeights). */
interface DirectionInputWeights {
  kernel: number;
  recurrentKernel: number;
  bias: number;
  recurrentBias: number;
  projectedTable: number;
  fused: FusedWeights | undefined;
}

/**
 * One direction's step input for a run: the fused fields, or the projection of every step
 * computed into `xp` ([rows, width], allocated by the caller when any direction projects).
 */
export function stepInput(
  kernels: KernelExports,
  weights: DirectionInputWeights,
  input: { at: number; ids?: number; rows: number; width: number },
  xp: number,
  width: number,
): StepInputFields {
  if (weights.fused) {
    return {
      xp: input.at,
      recurrentKernel: weights.fused.kernel,
      recurrentBias: weights.fused.bias,
      inputSize: input.width,
    };
  }
  if (input.ids !== undefined && weights.projectedTable !== 0)
    kernels.embedding_gather(xp, weights.projectedTable, input.ids, input.rows, width);
  else
    kernels.gemm(
      xp,
      width,
      input.at,
      input.width,
      input.rows,
      input.width,
      weights.kernel,
      width,
      weights.bias,
    );
  return {
    xp,
    recurrentKernel: weights.recurrentKernel,
    recurrentBias: weights.recurrentBias,
    inputSize: 0,
  };
}
