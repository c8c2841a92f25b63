/**
 * The exported graph's declared inputs and outputs, from the spec and export options alone:
 * names are the spec's, batch and (unless fixed) time are the dim_params 'batch' and 'time'.
 */
import { layerShapes, type ModelSpec, recurrentLayers, type StateTensorSpec } from '@rnnkit/core';
import { OnnxDataType, type OnnxDim, type OnnxValueInfo } from '../proto/index.js';
import { type ExportOnnxOptions, resolveExportOptions } from './options.js';
import { streamingStateNames } from './streaming-state.js';

export interface ExportedTensorInfo {
  name: string;
  dtype: 'float32' | 'int32';
  /** Numbers are fixed sizes; 'batch' and 'time' are symbolic. */
  shape: (number | 'batch' | 'time')[];
}

export interface ExportedSignature {
  inputs: ExportedTensorInfo[];
  outputs: ExportedTensorInfo[];
}

function stateShape(spec: ModelSpec, state: StateTensorSpec): ExportedTensorInfo['shape'] {
  const layers = recurrentLayers(spec);
  let directions = 0;
  let units = 0;
  for (const name of state.layers) {
    const layer = layers.find((l) => l.name === name);
    if (layer) {
      directions += layer.directions;
      units = layer.units;
    }
  }
  return [directions, 'batch', units];
}

export function exportedSignature(
  spec: ModelSpec,
  options: ExportOnnxOptions = {},
): ExportedSignature {
  const { streamingState } = resolveExportOptions(options);
  const time = spec.input.timeSteps ?? 'time';
  const inputs: ExportedTensorInfo[] = [
    spec.input.type === 'tokens'
      ? { name: spec.input.name, dtype: 'int32', shape: ['batch', time] }
      : { name: spec.input.name, dtype: 'float32', shape: ['batch', time, spec.input.size] },
  ];
  if (spec.sequenceLengths)
    inputs.push({ name: spec.sequenceLengths.name, dtype: 'int32', shape: ['batch'] });
  if (!streamingState) {
    for (const state of spec.stateInputs ?? []) {
      inputs.push({ name: state.name, dtype: 'float32', shape: stateShape(spec, state) });
    }
  }
  const shapes = layerShapes(spec);
  const last = shapes[shapes.length - 1];
  const outputs: ExportedTensorInfo[] = [
    {
      name: spec.output.name,
      dtype: 'float32',
      shape: last.sequence ? ['batch', time, last.features] : ['batch', last.features],
    },
  ];
  for (const state of spec.stateOutputs ?? []) {
    outputs.push({ name: state.name, dtype: 'float32', shape: stateShape(spec, state) });
  }
  if (streamingState) {
    const streamInputs: ExportedTensorInfo[] = [];
    for (const layer of recurrentLayers(spec)) {
      const names = streamingStateNames(layer.name);
      const shape: ExportedTensorInfo['shape'] = [layer.directions, 'batch', layer.units];
      streamInputs.push({ name: names.hIn, dtype: 'float32', shape });
      outputs.push({ name: names.hOut, dtype: 'float32', shape });
      if (layer.type === 'lstm') {
        streamInputs.push({ name: names.cIn, dtype: 'float32', shape });
        outputs.push({ name: names.cOut, dtype: 'float32', shape });
      }
    }
    inputs.push(...streamInputs);
  }
  return { inputs, outputs };
}

export function toValueInfo(info: ExportedTensorInfo): OnnxValueInfo {
  return {
    name: info.name,
    type: {
      elemType: info.dtype === 'int32' ? OnnxDataType.INT32 : OnnxDataType.FLOAT,
      shape: info.shape.map((dim): OnnxDim => dim),
    },
  };
}
