/** The session's input and output tensor descriptions, from the spec (-1 = fixed at run time). */
import { type ModelSpec, outputShape, recurrentLayers, type TensorInfo } from '@rnnkit/core';

export function inputInfo(spec: ModelSpec): TensorInfo[] {
  const time = spec.input.timeSteps ?? -1;
  const data: TensorInfo =
    spec.input.type === 'tokens'
      ? { name: spec.input.name, dtype: 'int32', shape: [-1, time] }
      : { name: spec.input.name, dtype: 'float32', shape: [-1, time, spec.input.size] };
  const lengths: TensorInfo[] = spec.sequenceLengths
    ? [{ name: spec.sequenceLengths.name, dtype: 'int32', shape: [-1] }]
    : [];
  return [data, ...lengths, ...stateInfo(spec, spec.stateInputs)];
}

export function outputInfo(spec: ModelSpec): TensorInfo[] {
  return [
    { name: spec.output.name, dtype: 'float32', shape: outputShape(spec) },
    ...stateInfo(spec, spec.stateOutputs),
  ];
}

function stateInfo(spec: ModelSpec, states: ModelSpec['stateInputs']): TensorInfo[] {
  const layers = new Map(recurrentLayers(spec).map((layer) => [layer.name, layer]));
  return (states ?? []).map((state) => {
    const listed = state.layers.map((name) => layers.get(name));
    const directions = listed.reduce((sum, layer) => sum + (layer?.directions ?? 0), 0);
    return { name: state.name, dtype: 'float32', shape: [directions, -1, listed[0]?.units ?? 0] };
  });
}
