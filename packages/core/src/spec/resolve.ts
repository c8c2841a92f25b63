/**
 * The spec with every default written out, so executors never repeat the defaults.
 * Call only on a validated spec.
 */
import type {
  Activation,
  ConcatStatesLayer,
  Direction,
  GruLayer,
  LayerSpec,
  LstmLayer,
  MergeMode,
  ModelSpec,
  PaddedOutputs,
  RecurrentLayer,
  SequenceOrder,
} from './types.js';

export interface ResolvedRecurrentLayer {
  type: RecurrentLayer['type'];
  name: string;
  units: number;
  direction: Direction;
  mergeMode: MergeMode;
  returnSequences: boolean;
  useBias: boolean;
  recurrentBias: boolean;
  activation: Activation;
  /** sigmoid for lstm/gru; unused for simpleRnn. */
  recurrentActivation: Activation;
  /**
   * The backward direction's activations, each the forward one when the spec's `backward` omits
   * it (always filled, equal to the forward ones on a layer that is not bidirectional). Cells
   * read `activation` / `recurrentActivation`: give them `layerForDirection(layer, d)`.
   */
  backward: { activation: Activation; recurrentActivation: Activation };
  peepholes: boolean;
  resetAfter: boolean;
  /**
   * The sequence output at padded steps. 'zero' when the spec omits it, which it may only do
   * when the layer cannot see padding or returns no sequence (the validator checks).
   */
  paddedOutputs: PaddedOutputs;
  /** 'time' unless the spec says 'processing' (a reverse layer's sequence in reading order). */
  sequenceOrder: SequenceOrder;
  /** 1, or 2 for bidirectional. */
  directions: 1 | 2;
  /** Gates stacked in the kernels: 1 (simpleRnn), 4 (lstm), 3 (gru). */
  gates: number;
  inputSize: number;
  /** Features out of this layer: units, or 2*units for a bidirectional concat. */
  outputSize: number;
}

export const GATE_COUNT = { simpleRnn: 1, lstm: 4, gru: 3 } as const;

export function isRecurrentLayer(layer: LayerSpec): layer is RecurrentLayer {
  return layer.type === 'simpleRnn' || layer.type === 'lstm' || layer.type === 'gru';
}

export function resolveRecurrentLayer(
  layer: RecurrentLayer,
  inputSize: number,
): ResolvedRecurrentLayer {
  const direction = layer.direction ?? 'forward';
  const mergeMode = layer.mergeMode ?? 'concat';
  const directions = direction === 'bidirectional' ? 2 : 1;
  const activation = layer.activation ?? 'tanh';
  const recurrentActivation =
    layer.type === 'simpleRnn'
      ? 'sigmoid'
      : ((layer as LstmLayer | GruLayer).recurrentActivation ?? 'sigmoid');
  return {
    type: layer.type,
    name: layer.name,
    units: layer.units,
    direction,
    mergeMode,
    returnSequences: layer.returnSequences ?? false,
    useBias: layer.useBias ?? true,
    recurrentBias: (layer.useBias ?? true) && (layer.recurrentBias ?? false),
    activation,
    recurrentActivation,
    backward: {
      activation: layer.backward?.activation ?? activation,
      recurrentActivation:
        layer.type === 'simpleRnn'
          ? recurrentActivation
          : (layer.backward?.recurrentActivation ?? recurrentActivation),
    },
    peepholes: layer.type === 'lstm' ? (layer.peepholes ?? false) : false,
    resetAfter: layer.type === 'gru' ? layer.resetAfter : false,
    paddedOutputs: layer.paddedOutputs ?? 'zero',
    sequenceOrder: layer.sequenceOrder ?? 'time',
    directions,
    gates: GATE_COUNT[layer.type],
    inputSize,
    outputSize: directions === 2 && mergeMode === 'concat' ? 2 * layer.units : layer.units,
  };
}

/**
 * The layer as one direction sees it: direction 1 of a bidirectional layer (the backward one)
 * carries the backward activations in `activation` / `recurrentActivation`, so a cell written
 * for one direction needs no second code path. Direction 0 is the layer itself.
 */
export function layerForDirection(
  layer: ResolvedRecurrentLayer,
  direction: number,
): ResolvedRecurrentLayer {
  if (direction === 0 || layer.directions === 1) return layer;
  return { ...layer, ...layer.backward };
}

/** Whether the backward direction's activations differ from the forward direction's. */
export function hasDistinctBackwardActivations(layer: ResolvedRecurrentLayer): boolean {
  if (layer.directions === 1) return false;
  return (
    !sameActivation(layer.activation, layer.backward.activation) ||
    (layer.type !== 'simpleRnn' &&
      !sameActivation(layer.recurrentActivation, layer.backward.recurrentActivation))
  );
}

/** Same function and parameters, whatever the key order of a parameterised activation. */
export function sameActivation(a: Activation, b: Activation): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  const parameters = (x: Activation) => x as { name: string; alpha?: number; beta?: number };
  const [pa, pb] = [parameters(a), parameters(b)];
  return pa.name === pb.name && pa.alpha === pb.alpha && pa.beta === pb.beta;
}

/** Features out of a concatStates layer: directions * units of every listed layer. */
export function concatStatesSize(spec: ModelSpec, layer: ConcatStatesLayer): number {
  let size = 0;
  for (const name of layer.layers) {
    const target = spec.layers.find((l) => l.name === name);
    if (target && isRecurrentLayer(target))
      size += (target.direction === 'bidirectional' ? 2 : 1) * target.units;
  }
  return size;
}

/** What flows between layers: feature size, and whether a time axis is still there. */
export interface LayerShape {
  features: number;
  sequence: boolean;
}

/** Feature size and time axis after each layer (index i = after layers[i]); [-1] is the input. */
export function layerShapes(spec: ModelSpec): LayerShape[] {
  const shapes: LayerShape[] = [];
  let current: LayerShape = {
    features: spec.input.type === 'features' ? spec.input.size : 1,
    sequence: true,
  };
  for (const layer of spec.layers) {
    switch (layer.type) {
      case 'embedding':
        current = { features: layer.outputDim, sequence: true };
        break;
      case 'dense':
        current = { features: layer.units, sequence: current.sequence };
        break;
      case 'dropout':
      case 'activation':
        break;
      case 'selectStep':
      case 'pooling':
        current = { features: current.features, sequence: false };
        break;
      case 'concatStates':
        current = { features: concatStatesSize(spec, layer), sequence: false };
        break;
      default: {
        const resolved = resolveRecurrentLayer(layer, current.features);
        current = { features: resolved.outputSize, sequence: resolved.returnSequences };
      }
    }
    shapes.push(current);
  }
  return shapes;
}

/** The feature size flowing into each layer (index i = into layers[i]); token ids count as 1. */
export function layerInputSizes(spec: ModelSpec): number[] {
  const shapes = layerShapes(spec);
  const inputSize = spec.input.type === 'features' ? spec.input.size : 1;
  return spec.layers.map((_, index) => (index === 0 ? inputSize : shapes[index - 1].features));
}

/** Every recurrent layer with defaults resolved and its input size, in model order. */
export function recurrentLayers(spec: ModelSpec): ResolvedRecurrentLayer[] {
  const result: ResolvedRecurrentLayer[] = [];
  let features = spec.input.type === 'features' ? spec.input.size : 1;
  for (const layer of spec.layers) {
    if (isRecurrentLayer(layer)) {
      const resolved = resolveRecurrentLayer(layer, features);
      result.push(resolved);
      features = resolved.outputSize;
    } else if (layer.type === 'embedding') {
      features = layer.outputDim;
    } else if (layer.type === 'dense') {
      features = layer.units;
    }
  }
  return result;
}

/** The main output's shape with symbolic batch (-1) and time (-1, or the fixed timeSteps). */
export function outputShape(spec: ModelSpec): number[] {
  const shapes = layerShapes(spec);
  const last = shapes[shapes.length - 1];
  const time = spec.input.timeSteps ?? -1;
  return last.sequence ? [-1, time, last.features] : [-1, last.features];
}
