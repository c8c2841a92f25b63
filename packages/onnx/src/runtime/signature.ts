/**
 * The session's declared inputs and outputs, from the spec alone (ONNX graph names equal the
 * spec's names, so this is also what the exported graph declares, minus the internal state_in/out).
 */
import {
  type ModelSpec,
  outputShape,
  recurrentLayers,
  type StateTensorSpec,
  type TensorInfo,
} from '@rnnkit/core';

function stateShape(spec: ModelSpec, state: StateTensorSpec): number[] {
  const layers = recurrentLayers(spec);
  let directions = 0;
  let units = -1;
  for (const name of state.layers) {
    const layer = layers.find((l) => l.name === name);
    if (!layer) continue;
    directions += layer.directions;
    units = layer.units;
  }
  return [directions, -1, units];
}

export function sessionInputs(spec: ModelSpec): TensorInfo[] {
  const time = spec.input.timeSteps ?? -1;
  const inputs: TensorInfo[] = [
    spec.input.type === 'tokens'
      ? { name: spec.input.name, dtype: 'int32', shape: [-1, time] }
      : { name: spec.input.name, dtype: 'float32', shape: [-1, time, spec.input.size] },
  ];
  if (spec.sequenceLengths)
    inputs.push({ name: spec.sequenceLengths.name, dtype: 'int32', shape: [-1] });
  for (const state of spec.stateInputs ?? []) {
    inputs.push({ name: state.name, dtype: 'float32', shape: stateShape(spec, state) });
  }
  return inputs;
}

export function sessionOutputs(spec: ModelSpec): TensorInfo[] {
  const outputs: TensorInfo[] = [
    { name: spec.output.name, dtype: 'float32', shape: outputShape(spec) },
  ];
  for (const state of spec.stateOutputs ?? []) {
    outputs.push({ name: state.name, dtype: 'float32', shape: stateShape(spec, state) });
  }
  return outputs;
}
