/**
 * Dense, y = act(x·W + b) on every row (reference/dense.ts), forward with its pre-activation kept,
 * and backward (the activation's backward: activation-backward.ts).
 */
import { activateRows } from '../../reference/activations.js';
import type { LayerValues } from '../../reference/values.js';
import type { DenseLayer } from '../../spec/types.js';
import { activationRowsBackward } from './activation-backward.js';
import { addInto, addOuter, times, timesTransposed } from './cell-gradients.js';
import type { ParameterStore } from './parameter-store.js';

export interface DenseTape {
  layer: DenseLayer;
  input: LayerValues;
  kernel: Float64Array;
  /** [rows, units] before the activation (the logits of a final sigmoid/softmax layer). */
  pre: Float64Array;
  output: Float64Array;
}

export function forwardDense(
  layer: DenseLayer,
  store: ParameterStore,
  input: LayerValues,
): { output: LayerValues; tape: DenseTape } {
  const kernel = store.get(`${layer.name}/kernel`);
  const units = layer.units;
  const bias = store.optional(`${layer.name}/bias`, units);
  const rows = input.data.length / input.features;
  const pre = new Float64Array(rows * units);
  for (let row = 0; row < rows; row++) {
    const y = times(
      input.data.subarray(row * input.features, (row + 1) * input.features),
      kernel,
      units,
    );
    for (let u = 0; u < units; u++) pre[row * units + u] = y[u] + bias[u];
  }
  const output = pre.slice();
  activateRows(output, units, layer.activation ?? 'linear');
  return {
    output: { ...input, features: units, data: output },
    tape: { layer, input, kernel, pre, output },
  };
}

/** The gradient of the pre-activation from the gradient of the output. */
export function denseActivationBackward(tape: DenseTape, dOutput: Float64Array): Float64Array {
  const { layer, pre, output } = tape;
  return activationRowsBackward(layer.activation ?? 'linear', layer.units, pre, output, dOutput);
}

/** From the pre-activation's gradient: adds W and b gradients, returns the input's gradient. */
export function denseLinearBackward(
  tape: DenseTape,
  dPre: Float64Array,
  gradients: Map<string, Float64Array>,
): Float64Array {
  const { layer, input, kernel } = tape;
  const units = layer.units;
  const features = input.features;
  const dKernel = new Float64Array(kernel.length);
  const dBias = new Float64Array(units);
  const dInput = new Float64Array(input.data.length);
  const rows = dPre.length / units;
  for (let row = 0; row < rows; row++) {
    const d = dPre.subarray(row * units, (row + 1) * units);
    addOuter(dKernel, input.data.subarray(row * features, (row + 1) * features), d);
    addInto(dBias, d);
    dInput.set(timesTransposed(d, kernel, features), row * features);
  }
  gradients.set(`${layer.name}/kernel`, dKernel);
  if (layer.useBias ?? true) gradients.set(`${layer.name}/bias`, dBias);
  return dInput;
}
