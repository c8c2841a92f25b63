/**
 * A model's inputs and outputs as its source file names them. Dimensions are numbers when fixed
 * and strings (ONNX symbolic names such as 'batch') or -1 when known only at run time.
 */
import { type ModelSpec, outputShape, recurrentLayers } from '@rnnkit/core';

export interface SignatureEntry {
  name: string;
  dtype: string;
  shape: (number | string)[];
}

export interface Signature {
  inputs: SignatureEntry[];
  outputs: SignatureEntry[];
}

function stateEntries(spec: ModelSpec, list: ModelSpec['stateInputs']): SignatureEntry[] {
  const layers = new Map(recurrentLayers(spec).map((layer) => [layer.name, layer]));
  return (list ?? []).map((state) => {
    let directions = 0;
    let units: number | string = -1;
    for (const name of state.layers) {
      const layer = layers.get(name);
      if (!layer) continue;
      directions += layer.directions;
      units = layer.units;
    }
    return { name: state.name, dtype: 'float32', shape: [directions, 'batch', units] };
  });
}

/** The signature of a spec model (what the spec names; every backend takes these). */
export function specSignature(spec: ModelSpec): Signature {
  const time = spec.input.timeSteps ?? 'time';
  const data: SignatureEntry =
    spec.input.type === 'tokens'
      ? { name: spec.input.name, dtype: 'int32', shape: ['batch', time] }
      : { name: spec.input.name, dtype: 'float32', shape: ['batch', time, spec.input.size] };
  const lengths: SignatureEntry[] = spec.sequenceLengths
    ? [{ name: spec.sequenceLengths.name, dtype: 'int32', shape: ['batch'] }]
    : [];
  const main = outputShape(spec).map((dim, axis) =>
    dim >= 0 ? dim : axis === 0 ? 'batch' : 'time',
  );
  return {
    inputs: [data, ...lengths, ...stateEntries(spec, spec.stateInputs)],
    outputs: [
      { name: spec.output.name, dtype: 'float32', shape: main },
      ...stateEntries(spec, spec.stateOutputs),
    ],
  };
}

export function formatShape(shape: readonly (number | string)[]): string {
  return `[${shape.map((dim) => (dim === -1 ? '?' : String(dim))).join(', ')}]`;
}
