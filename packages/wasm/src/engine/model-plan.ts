/**
 * Load: every weight copied once into the session's wasm memory, in the canonical Keras layout
 * the kernels read directly (kernel [in, gates*units], recurrentKernel [units, gates*units]).
 * The plan is the list of layers with their weight offsets; runs only read it.
 */
import {
  directionPrefixes,
  isRecurrentLayer,
  type LayerSpec,
  layerInputSizes,
  type MergeMode,
  type Model,
  type ResolvedRecurrentLayer,
  resolveRecurrentLayer,
} from '@rnnkit/core';
import { type ActivationCode, activationCode } from './activation-code.js';
import type { KernelExports } from './kernels.js';
import type { MemoryArena } from './memory-arena.js';

export interface DirectionWeights {
  kernel: number;
  recurrentKernel: number;
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
}

/** Bytes per direction up to which an embedding is pre-multiplied into a projected table. */
export const PROJECTED_TABLE_LIMIT = 4 * 1024 * 1024;

export type PlannedLayer =
  | { kind: 'dropout' }
  | { kind: 'embedding'; table: number; inputDim: number; outputDim: number }
  | {
      kind: 'dense';
      kernel: number;
      bias: number;
      inputSize: number;
      units: number;
      activation: ActivationCode | 'softmax';
    }
  | {
      kind: 'recurrent';
      layer: ResolvedRecurrentLayer;
      cell: 0 | 1 | 2;
      directions: DirectionWeights[];
      activation: ActivationCode;
      recurrentActivation: ActivationCode;
      mergeMode: MergeMode;
    };

const CELL = { simpleRnn: 0, lstm: 1, gru: 2 } as const;

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
  const planned: PlannedLayer[] = [];
  model.spec.layers.forEach((layer: LayerSpec, index) => {
    if (layer.type === 'embedding') {
      planned.push({
        kind: 'embedding',
        table: place(`${layer.name}/embeddings`),
        inputDim: layer.inputDim,
        outputDim: layer.outputDim,
      });
    } else if (layer.type === 'dense') {
      const activation = layer.activation ?? 'linear';
      planned.push({
        kind: 'dense',
        kernel: place(`${layer.name}/kernel`),
        bias: place(`${layer.name}/bias`),
        inputSize: inputSizes[index],
        units: layer.units,
        activation: activation === 'softmax' ? 'softmax' : activationCode(activation),
      });
    } else if (isRecurrentLayer(layer)) {
      const resolved = resolveRecurrentLayer(layer, inputSizes[index]);
      const width = resolved.gates * resolved.units;
      const previous = planned.filter((p) => p.kind !== 'dropout').at(-1);
      const embedding =
        previous?.kind === 'embedding' && previous.inputDim * width * 4 <= PROJECTED_TABLE_LIMIT
          ? previous
          : undefined;
      planned.push({
        kind: 'recurrent',
        layer: resolved,
        cell: CELL[resolved.type],
        directions: directionPrefixes(resolved.name, resolved.directions).map((prefix) => ({
          kernel: place(`${prefix}kernel`),
          recurrentKernel: place(`${prefix}recurrentKernel`),
          bias: place(`${prefix}bias`),
          recurrentBias: place(`${prefix}recurrentBias`),
          peephole: place(`${prefix}peephole`),
          projectedTable: 0,
        })),
        activation: activationCode(resolved.activation),
        recurrentActivation: activationCode(resolved.recurrentActivation),
        mergeMode: resolved.mergeMode,
      });
      if (embedding) {
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
            width,
            direction.bias,
          );
          direction.projectedTable = table;
        }
      }
    } else planned.push({ kind: 'dropout' }); // identity at inference, nothing to place
  });
  return planned;
}
