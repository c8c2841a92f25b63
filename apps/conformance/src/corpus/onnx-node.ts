/**
 * The 18 ONNX backend node cases (RNN, LSTM, GRU: defaults, bias, peepholes, sequence lengths,
 * batchwise layout, reverse, bidirectional), expected values from ONNX's numpy reference.
 * W, R, B and P are graph inputs in these models; they are bound as weights.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NamedTensors } from '@rnnkit/core';
import { decodeModel, decodeTensor } from '@rnnkit/onnx';
import type { MatrixCase } from 'rnnkit';
import { ONNX_NODE_FIXTURES } from './fixtures.js';
import { fromOnnxTensor } from './onnx-tensor.js';
import { recordedOnnxCase } from './recorded-onnx-case.js';

const WEIGHT_INPUTS = new Set(['W', 'R', 'B', 'P']);

export function onnxNodeCases(): MatrixCase[] {
  const names = readdirSync(ONNX_NODE_FIXTURES)
    .filter((name) => name.startsWith('test_'))
    .sort();
  return names.map((name) => {
    const directory = join(ONNX_NODE_FIXTURES, name);
    const bytes = readFileSync(join(directory, 'model.onnx'));
    const graph = decodeModel(bytes).graph;
    const data = join(directory, 'test_data_set_0');
    const read = (file: string) => fromOnnxTensor(decodeTensor(readFileSync(join(data, file))));
    const bound: NamedTensors = {};
    const inputs: NamedTensors = {};
    graph.input.forEach((input, index) => {
      const tensor = read(`input_${index}.pb`);
      if (WEIGHT_INPUTS.has(input.name)) bound[input.name] = tensor;
      else inputs[input.name] = tensor;
    });
    const outputs: NamedTensors = {};
    graph.output.forEach((output, index) => {
      outputs[output.name] = read(`output_${index}.pb`);
    });
    return recordedOnnxCase({
      id: `onnx-node-${name.slice('test_'.length).replaceAll('_', '-')}`,
      group: 'onnx-node',
      description: `ONNX backend test ${name}`,
      source: 'onnx-reference',
      bytes,
      bindInputs: bound,
      inputs,
      outputs,
    });
  });
}
