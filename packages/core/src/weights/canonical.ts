/**
 * Canonical weight names and shapes (Keras's layout; DESIGN.md "Weights").
 *
 *   embedding  <layer>/embeddings       [inputDim, outputDim]
 *   dense      <layer>/kernel           [inputSize, units]     <layer>/bias [units]
 *   recurrent  <layer>/kernel           [inputSize, gates*units]
 *              <layer>/recurrentKernel  [units, gates*units]
 *              <layer>/bias             [gates*units]          (useBias)
 *              <layer>/recurrentBias    [gates*units]          (useBias and recurrentBias)
 *              <layer>/peephole         [3*units], i, f, o     (lstm peepholes)
 *   bidirectional layers hold each direction's set under <layer>/forward/… and <layer>/backward/….
 *
 * Gate order: LSTM i, f, c, o; GRU z, r, h (Keras). PyTorch (i,f,g,o / r,z,n) and ONNX
 * (i,o,f,c / z,r,h) orders are converted in their own packages.
 */
import { isRecurrentLayer, layerInputSizes, resolveRecurrentLayer } from '../spec/resolve.js';
import type { ModelSpec } from '../spec/types.js';

export interface WeightSpec {
  name: string;
  shape: number[];
}

/** A model's weights: canonical name -> float32 data in the canonical shape. */
export interface WeightTensor {
  shape: number[];
  data: Float32Array;
}

export type Weights = Map<string, WeightTensor>;

export interface Model {
  spec: ModelSpec;
  weights: Weights;
}

export function directionPrefixes(layerName: string, directions: 1 | 2): string[] {
  return directions === 2 ? [`${layerName}/forward/`, `${layerName}/backward/`] : [`${layerName}/`];
}

/** Every weight tensor the spec needs, in model order. */
export function expectedWeights(spec: ModelSpec): WeightSpec[] {
  const result: WeightSpec[] = [];
  const inputSizes = layerInputSizes(spec);
  spec.layers.forEach((layer, index) => {
    const inputSize = inputSizes[index];
    if (layer.type === 'embedding') {
      result.push({ name: `${layer.name}/embeddings`, shape: [layer.inputDim, layer.outputDim] });
    } else if (layer.type === 'dense') {
      result.push({ name: `${layer.name}/kernel`, shape: [inputSize, layer.units] });
      if (layer.useBias ?? true) result.push({ name: `${layer.name}/bias`, shape: [layer.units] });
    } else if (isRecurrentLayer(layer)) {
      const r = resolveRecurrentLayer(layer, inputSize);
      const width = r.gates * r.units;
      for (const prefix of directionPrefixes(r.name, r.directions)) {
        result.push({ name: `${prefix}kernel`, shape: [inputSize, width] });
        result.push({ name: `${prefix}recurrentKernel`, shape: [r.units, width] });
        if (r.useBias) result.push({ name: `${prefix}bias`, shape: [width] });
        if (r.recurrentBias) result.push({ name: `${prefix}recurrentBias`, shape: [width] });
        if (r.peepholes) result.push({ name: `${prefix}peephole`, shape: [3 * r.units] });
      }
    }
  });
  return result;
}
