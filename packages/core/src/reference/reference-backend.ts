/**
 * The reference executor as a Backend (id 'reference'): it supports every spec feature, validates
 * the model at load, and returns float64 outputs and state.
 */
import type { Backend, RunOptions, Session, TensorInfo } from '../backend.js';
import { RnnkitError } from '../errors.js';
import { prepareRunInputs } from '../run/prepare-inputs.js';
import { outputShape, recurrentLayers } from '../spec/resolve.js';
import type { ModelSpec } from '../spec/types.js';
import type { NamedTensors } from '../tensor.js';
import { validateModel } from '../validate/index.js';
import type { Model } from '../weights/canonical.js';
import { executeReference } from './run-reference.js';

export function createReferenceBackend(): Backend {
  return {
    id: 'reference',
    supports: () => ({ supported: true }),
    async load(model: Model): Promise<Session> {
      validateModel(model);
      // The session keeps its own copy of the weight map, so a caller editing theirs later does
      // not change what a loaded session computes.
      const loaded: Model = { spec: model.spec, weights: new Map(model.weights) };
      let disposed = false;
      return {
        backend: 'reference',
        inputs: inputInfo(model.spec),
        outputs: outputInfo(model.spec),
        async run(inputs: NamedTensors, options?: RunOptions) {
          if (disposed) throw new RnnkitError('DISPOSED', 'this reference session was disposed');
          return executeReference(loaded, prepareRunInputs(loaded.spec, inputs, options));
        },
        async dispose() {
          disposed = true;
        },
      };
    },
  };
}

function stateInfo(
  spec: ModelSpec,
  states: ModelSpec['stateInputs'],
  dtype: 'float32' | 'float64',
): TensorInfo[] {
  const layers = new Map(recurrentLayers(spec).map((layer) => [layer.name, layer]));
  return (states ?? []).map((state) => {
    const listed = state.layers.map((name) => layers.get(name));
    const directions = listed.reduce((sum, layer) => sum + (layer?.directions ?? 0), 0);
    return { name: state.name, dtype, shape: [directions, -1, listed[0]?.units ?? 0] };
  });
}

function inputInfo(spec: ModelSpec): TensorInfo[] {
  const time = spec.input.timeSteps ?? -1;
  const data: TensorInfo =
    spec.input.type === 'tokens'
      ? { name: spec.input.name, dtype: 'int32', shape: [-1, time] }
      : { name: spec.input.name, dtype: 'float32', shape: [-1, time, spec.input.size] };
  const lengths: TensorInfo[] = spec.sequenceLengths
    ? [{ name: spec.sequenceLengths.name, dtype: 'int32', shape: [-1] }]
    : [];
  return [data, ...lengths, ...stateInfo(spec, spec.stateInputs, 'float32')];
}

function outputInfo(spec: ModelSpec): TensorInfo[] {
  return [
    { name: spec.output.name, dtype: 'float64', shape: outputShape(spec) },
    ...stateInfo(spec, spec.stateOutputs, 'float64'),
  ];
}
