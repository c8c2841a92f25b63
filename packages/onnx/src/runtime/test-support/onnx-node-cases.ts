/**
 * Loads the ONNX backend node cases (test_<name>/model.onnx + test_data_set_0/*.pb) from a
 * package's __fixtures__ copy.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Tensor } from '@rnnkit/core';
import { readTensorProto } from './tensor-proto.js';

export interface OnnxNodeCase {
  name: string;
  model: Uint8Array;
  /** By the names stored in the .pb files (the graph's input names). */
  inputs: { name: string; tensor: Tensor }[];
  outputs: { name: string; tensor: Tensor }[];
}

function readSeries(directory: string, prefix: string): { name: string; tensor: Tensor }[] {
  const result: { name: string; tensor: Tensor }[] = [];
  for (let i = 0; existsSync(path.join(directory, `${prefix}_${i}.pb`)); i++) {
    result.push(
      readTensorProto(new Uint8Array(readFileSync(path.join(directory, `${prefix}_${i}.pb`)))),
    );
  }
  return result;
}

export function loadOnnxNodeCases(fixtureDirectory: string): OnnxNodeCase[] {
  return readdirSync(fixtureDirectory)
    .filter((entry) => entry.startsWith('test_'))
    .sort()
    .map((name) => {
      const directory = path.join(fixtureDirectory, name);
      const data = path.join(directory, 'test_data_set_0');
      return {
        name,
        model: new Uint8Array(readFileSync(path.join(directory, 'model.onnx'))),
        inputs: readSeries(data, 'input'),
        outputs: readSeries(data, 'output'),
      };
    });
}
