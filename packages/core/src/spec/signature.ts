/**
 * A session's declared inputs and outputs, from the spec alone (-1 = fixed at run time), shared by
 * every backend so they all describe a model the same way.
 */
import type { TensorInfo } from '../backend.js';
import { outputShape, recurrentLayers } from './resolve.js';
import type { ModelSpec, StateTensorSpec } from './types.js';

export interface SessionSignature {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
}

/**
 * Inputs: the data (int32 token ids [batch, time] or float32 features [batch, time, size]), then
 * the int32 sequence lengths, then the float32 state inputs. Outputs: the main output, then the
 * state outputs, both in `outputDtype` (the reference executor returns float64).
 */
export function sessionSignature(
  spec: ModelSpec,
  outputDtype: 'float32' | 'float64' = 'float32',
): SessionSignature {
  const time = spec.input.timeSteps ?? -1;
  const data: TensorInfo =
    spec.input.type === 'tokens'
      ? { name: spec.input.name, dtype: 'int32', shape: [-1, time] }
      : { name: spec.input.name, dtype: 'float32', shape: [-1, time, spec.input.size] };
  const lengths: TensorInfo[] = spec.sequenceLengths
    ? [{ name: spec.sequenceLengths.name, dtype: 'int32', shape: [-1] }]
    : [];
  return {
    inputs: [data, ...lengths, ...stateInfo(spec, spec.stateInputs, 'float32')],
    outputs: [
      { name: spec.output.name, dtype: outputDtype, shape: outputShape(spec) },
      ...stateInfo(spec, spec.stateOutputs, outputDtype),
    ],
  };
}

/** [sum of directions, batch, units]; a validated spec stacks only layers of equal units. */
function stateInfo(
  spec: ModelSpec,
  states: StateTensorSpec[] | undefined,
  dtype: 'float32' | 'float64',
): TensorInfo[] {
  const layers = new Map(recurrentLayers(spec).map((layer) => [layer.name, layer]));
  return (states ?? []).map((state) => {
    const listed = state.layers.map((name) => layers.get(name));
    const directions = listed.reduce((sum, layer) => sum + (layer?.directions ?? 0), 0);
    return { name: state.name, dtype, shape: [directions, -1, listed[0]?.units ?? 0] };
  });
}
