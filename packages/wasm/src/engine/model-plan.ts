/**
 * Load: every weight copied once into the session's wasm memory, in the canonical Keras layout
 * the kernels read directly (kernel [in, gates*units], recurrentKernel [units, gates*units]).
 * The plan is the list of layers with their weight offsets; runs only read it.
 */
import type { ConcatStatesLayer } from '@rnnkit/core';
import {
  directionPrefixes,
  isRecurrentLayer,
  type LayerSpec,
  layerForDirection,
  layerInputSizes,
  type MergeMode,
  type Model,
  type ResolvedRecurrentLayer,
  resolveRecurrentLayer,
} from '@rnnkit/core';
import { type ActivationCode, activationCode } from './activation-code.js';
import type { KernelExports } from './kernels.js';
import type { MemoryArena } from './memory-arena.js';
import { type FusedWeights, fusesInput, placeFusedWeights } from './step-input.js';

export interface DirectionWeights {
  /**
   * Kernels are in gemm's column panels (csrc/gemm.h), packed at load. A fused direction
   * (step-input.ts) has only `fused` and `peephole`: kernels and biases 0.
   */
  kernel: number;
  recurrentKernel: number;
  /** GRU without resetAfter: the h-gate columns of recurrentKernel (the rest: z|r). 0 otherwise. */
  recurrentKernelH: number;
  /** 0 when the layer has none. */
  bias: number;
  recurrentBias: number;
  peephole: number;
  /**
   * Embedding table times kernel plus bias, [inputDim, gates*units], when this layer reads an
   * embedding directly and the table is small (PROJECTED_TABLE_LIMIT): a token's input projection
   * is then one row lookup instead of a product. Computed by the same gemm, in the same order,
   * as the per-run projection, so results are bit-identical. 0 otherwise.
   */
  projectedTable: number;
  /** [W; U] as one panel set and the summed bias, when the steps fuse their input projection. */
  fused: FusedWeights | undefined;
}

/** The activation codes one direction's job carries; the C kernels pick their row path from them. */
export interface DirectionActivations {
  activation: ActivationCode;
  recurrentActivation: ActivationCode;
}

/** Bytes per direction up to which an embedding is pre-multiplied into a projected table. */
export const PROJECTED_TABLE_LIMIT = 4 * 1024 * 1024;

export type PlannedLayer =
  | { kind: 'dropout' }
  | { kind: 'selectStep'; index: number }
  | { kind: 'concatStates'; layer: ConcatStatesLayer }
  | { kind: 'pooling'; mode: 'mean' | 'max'; realOnly: boolean }
  | { kind: 'activation'; activation: ActivationCode | 'softmax' | 'logSoftmax' }
  | {
      kind: 'embedding';
      table: number;
      inputDim: number;
      outputDim: number;
      /** The next layer looks tokens up in its projected tables: no rows to gather. */
      projectedByNext: boolean;
    }
  | {
      kind: 'dense';
      kernel: number;
      bias: number;
      inputSize: number;
      units: number;
      activation: ActivationCode | 'softmax' | 'logSoftmax';
    }
  | {
      kind: 'recurrent';
      layer: ResolvedRecurrentLayer;
      cell: 0 | 1 | 2;
      directions: DirectionWeights[];
      /** Per direction: a bidirectional layer's backward direction may have its own (spec `backward`). */
      activations: DirectionActivations[];
      mergeMode: MergeMode;
    };

const CELL = { simpleRnn: 0, lstm: 1, gru: 2 } as const;

/** Columns per weight panel: PANEL in csrc/gemm.h (pack_panels zero-pads the last one). */
const GEMM_PANEL = 16;

export function planModel(
  model: Model,
  arena: MemoryArena,
  kernels: KernelExports,
): PlannedLayer[] {
  const inputSizes = layerInputSizes(model.spec);
  const place = (name: string): number => {
    const tensor = model.weights.get(name);
    return tensor ? arena.writeFloats(tensor.data, name) : 0;
  };
  /** A [k, columns] weight (or the columns [from, from+n) of it) in gemm's column panels. */
  const placePanels = (name: string, from = 0, n?: number): number => {
    const tensor = model.weights.get(name);
    if (!tensor) return 0;
    const [k, columns] = tensor.shape;
    const width = n ?? columns;
    const packed = arena.alloc(Math.ceil(width / GEMM_PANEL) * GEMM_PANEL * k * 4, name);
    // The row-major copy is only needed while packing: released right after.
    const mark = arena.mark();
    const raw = arena.writeFloats(tensor.data, name);
    kernels.pack_panels(packed, raw + from * 4, columns, k, width);
    arena.release(mark);
    return packed;
  };
  const planned: PlannedLayer[] = [];
  model.spec.layers.forEach((layer: LayerSpec, index) => {
    if (layer.type === 'embedding') {
      planned.push({
        kind: 'embedding',
        table: place(`${layer.name}/embeddings`),
        inputDim: layer.inputDim,
        outputDim: layer.outputDim,
        projectedByNext: false,
      });
    } else if (layer.type === 'dense') {
      const activation = layer.activation ?? 'linear';
      planned.push({
        kind: 'dense',
        kernel: placePanels(`${layer.name}/kernel`),
        bias: place(`${layer.name}/bias`),
        inputSize: inputSizes[index],
        units: layer.units,
        activation:
          activation === 'softmax' || activation === 'logSoftmax'
            ? activation
            : activationCode(activation),
      });
    } else if (isRecurrentLayer(layer)) {
      const resolved = resolveRecurrentLayer(layer, inputSizes[index]);
      const width = resolved.gates * resolved.units;
      const splitGru = resolved.type === 'gru' && !resolved.resetAfter;
      const previous = planned.filter((p) => p.kind !== 'dropout').at(-1);
      const embedding =
        previous?.kind === 'embedding' && previous.inputDim * width * 4 <= PROJECTED_TABLE_LIMIT
          ? previous
          : undefined;
      planned.push({
        kind: 'recurrent',
        layer: resolved,
        cell: CELL[resolved.type],
        directions: directionPrefixes(resolved.name, resolved.directions).map((prefix) =>
          fusesInput(resolved, embedding !== undefined)
            ? {
                kernel: 0,
                recurrentKernel: 0,
                recurrentKernelH: 0,
                bias: 0,
                recurrentBias: 0,
                peephole: place(`${prefix}peephole`),
                projectedTable: 0,
                fused: placeFusedWeights(arena, kernels, model.weights, prefix),
              }
            : {
                kernel: placePanels(`${prefix}kernel`),
                // A GRU without resetAfter multiplies its h columns by r*h, not h: packed apart.
                recurrentKernel: splitGru
                  ? placePanels(`${prefix}recurrentKernel`, 0, 2 * resolved.units)
                  : placePanels(`${prefix}recurrentKernel`),
                recurrentKernelH: splitGru
                  ? placePanels(`${prefix}recurrentKernel`, 2 * resolved.units, resolved.units)
                  : 0,
                bias: place(`${prefix}bias`),
                recurrentBias: place(`${prefix}recurrentBias`),
                peephole: place(`${prefix}peephole`),
                projectedTable: 0,
                fused: undefined,
              },
        ),
        activations: Array.from({ length: resolved.directions }, (_, d) => {
          const direction = layerForDirection(resolved, d);
          return {
            activation: activationCode(direction.activation),
            recurrentActivation: activationCode(direction.recurrentActivation),
          };
        }),
        mergeMode: resolved.mergeMode,
      });
      if (embedding) {
        embedding.projectedByNext = true;
        const { directions } = planned.at(-1) as Extract<PlannedLayer, { kind: 'recurrent' }>;
        for (const direction of directions) {
          const table = arena.alloc(
            embedding.inputDim * width * 4,
            `${resolved.name} projected embedding`,
          );
          kernels.gemm(
            table,
            width,
            embedding.table,
            embedding.outputDim,
            embedding.inputDim,
            embedding.outputDim,
            direction.kernel,
            width,
            direction.bias,
          );
          direction.projectedTable = table;
        }
      }
    } else if (layer.type === 'selectStep') {
      planned.push({ kind: 'selectStep', index: layer.index });
    } else if (layer.type === 'pooling') {
      planned.push({ kind: 'pooling', mode: layer.mode, realOnly: layer.steps === 'real' });
    } else if (layer.type === 'concatStates') {
      planned.push({ kind: 'concatStates', layer });
    } else if (layer.type === 'dropout') {
      planned.push({ kind: 'dropout' }); // identity at inference, nothing to place
    } else if (layer.type === 'activation') {
      const { activation } = layer;
      planned.push({
        kind: 'activation',
        activation:
          activation === 'softmax' || activation === 'logSoftmax'
            ? activation
            : activationCode(activation),
      });
    } else {
      // A layer type this engine does not know must never be skipped silently.
      throw new Error(`rnnkit-wasm has no kernel for layer type '${(layer as LayerSpec).type}'`);
    }
  });
  return planned;
}
