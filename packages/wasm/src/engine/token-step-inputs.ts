/**
 * The streaming call's input checks without core's conversions. A token step of the GRU LM
 * spends ~20 us in the kernels; core's `prepareRunInputs` added ~2 us of which most was turning
 * each float32 state into a float64 copy and back (the reference executor's copy, which this
 * engine never reads) and the garbage those off-heap arrays leave for the GC.
 *
 * This accepts only the plainest call — a token model without stateInputs, sequenceLengths,
 * maskZero or fixed timeSteps; one int32 token tensor under the data input's name; `state`
 * absent or float32 tensors of exactly the right shapes for known layers — and returns what
 * `prepareRunInputs` would (same tokens, same float32 state values, no mask). Anything else,
 * including every input `prepareRunInputs` would refuse, returns undefined and the session
 * calls `prepareRunInputs`, so the errors (codes, paths, messages) stay core's.
 */
import {
  type LayerState,
  type ModelSpec,
  type RecurrentState,
  type ResolvedRecurrentLayer,
  recurrentLayers,
  stepIndexProblem,
  type Tensor,
} from '@rnnkit/core';
import type { RunInputs } from './run-model.js';

export interface TokenStepPlan {
  spec: ModelSpec;
  dataName: string;
  vocabulary: number;
  layers: Map<string, ResolvedRecurrentLayer>;
}

/** The plan when this spec can take the fast path at all, else undefined. */
export function planTokenStep(spec: ModelSpec): TokenStepPlan | undefined {
  const first = spec.layers[0];
  if (
    spec.input.type !== 'tokens' ||
    spec.input.timeSteps !== undefined ||
    spec.sequenceLengths !== undefined ||
    (spec.stateInputs?.length ?? 0) > 0 ||
    first?.type !== 'embedding' ||
    first.maskZero === true
  ) {
    return undefined;
  }
  return {
    spec,
    dataName: spec.input.name,
    vocabulary: first.inputDim,
    layers: new Map(recurrentLayers(spec).map((layer) => [layer.name, layer])),
  };
}

export function tokenStepInputs(
  plan: TokenStepPlan,
  inputs: unknown,
  options: unknown,
): RunInputs | undefined {
  if (typeof inputs !== 'object' || inputs === null) return undefined;
  const names = Object.keys(inputs);
  if (names.length !== 1 || names[0] !== plan.dataName) return undefined;
  const tensor = (inputs as Record<string, unknown>)[plan.dataName] as Partial<Tensor> | null;
  if (typeof tensor !== 'object' || tensor === null || tensor.dtype !== 'int32') return undefined;
  const { shape, data } = tensor;
  if (!Array.isArray(shape) || shape.length !== 2 || !(data instanceof Int32Array))
    return undefined;
  const [batch, time] = shape;
  if (!Number.isSafeInteger(batch) || !Number.isSafeInteger(time) || batch < 1 || time < 1)
    return undefined;
  if (data.length !== batch * time) return undefined;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < 0 || data[i] >= plan.vocabulary) return undefined;
  }
  if (stepIndexProblem(plan.spec, time) !== undefined) return undefined;

  if (options !== undefined && (typeof options !== 'object' || options === null)) return undefined;
  const state = (options as { state?: unknown } | undefined)?.state;
  const given: Record<string, LayerState | undefined> = Object.create(null);
  if (state !== undefined) {
    if (typeof state !== 'object' || state === null) return undefined;
    for (const name of Object.keys(state)) {
      const layer = plan.layers.get(name);
      const layerState = (state as Record<string, unknown>)[name] as Partial<LayerState> | null;
      if (!layer || typeof layerState !== 'object' || layerState === null) return undefined;
      const expected = layer.directions * batch * layer.units;
      if (!isStateTensor(layerState.h, layer.directions, batch, layer.units, expected))
        return undefined;
      if (layer.type === 'lstm') {
        if (!isStateTensor(layerState.c, layer.directions, batch, layer.units, expected))
          return undefined;
      } else if (layerState.c !== undefined) return undefined;
      given[name] = layerState as LayerState;
    }
  }

  // The caller's arrays are only read (copied into wasm memory), never kept or written.
  const initialState: RecurrentState = Object.create(null);
  for (const [name, layer] of plan.layers) {
    const size = layer.directions * batch * layer.units;
    const shape = [layer.directions, batch, layer.units];
    const from = given[name];
    initialState[name] = {
      h: { dtype: 'float32', shape, data: from ? from.h.data : new Float32Array(size) },
    };
    if (layer.type === 'lstm') {
      initialState[name].c = {
        dtype: 'float32',
        shape: [...shape],
        data: from?.c ? from.c.data : new Float32Array(size),
      };
    }
  }
  return { batch, time, tokens: data, initialState };
}

function isStateTensor(
  tensor: unknown,
  directions: number,
  batch: number,
  units: number,
  size: number,
): boolean {
  if (typeof tensor !== 'object' || tensor === null) return false;
  const { dtype, shape, data } = tensor as Partial<Tensor>;
  return (
    dtype === 'float32' &&
    Array.isArray(shape) &&
    shape.length === 3 &&
    shape[0] === directions &&
    shape[1] === batch &&
    shape[2] === units &&
    data instanceof Float32Array &&
    data.length === size
  );
}
