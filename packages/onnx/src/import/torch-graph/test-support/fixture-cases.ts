/** Test support: the torch.onnx.export fixtures and their recorded PyTorch inputs/outputs. */
import { readFileSync } from 'node:fs';
import { type NamedTensors, type Tensor, tensorsFromJson } from '@rnnkit/core';
import { decodeModel } from '../../../proto/decode.js';
import type { OnnxModel } from '../../../proto/types.js';

const FIXTURES = new URL('../../../__fixtures__/torch-export/', import.meta.url);

export interface TorchExportCase {
  name: string;
  file: string;
  opset: number;
  expect: 'import' | 'refuse';
  config: Record<string, unknown>;
  inputs: NamedTensors;
  outputs: NamedTensors;
}

export function loadCases(): TorchExportCase[] {
  const index = JSON.parse(readFileSync(new URL('cases.json', FIXTURES), 'utf8')) as {
    cases: (Omit<TorchExportCase, 'inputs' | 'outputs'> & { inputs: unknown; outputs: unknown })[];
  };
  return index.cases.map((c) => ({
    ...c,
    inputs: tensorsFromJson(c.inputs),
    outputs: tensorsFromJson(c.outputs),
  }));
}

export const fixtureUrl = (file: string): URL => new URL(file, FIXTURES);

export function loadModel(file: string): OnnxModel {
  return decodeModel(readFileSync(fixtureUrl(file)));
}

export function defaultOpset(model: OnnxModel): number | undefined {
  return model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version;
}

/** Swaps axes 0 and 1 (time-major <-> batch-major), any dtype. */
export function swapLeadingAxes(tensor: Tensor): Tensor {
  const [a, b, ...rest] = tensor.shape;
  const inner = rest.reduce((n, d) => n * d, 1);
  const source = tensor.data as unknown as { [i: number]: number | bigint; length: number };
  const Ctor = tensor.data.constructor as new (n: number) => typeof source;
  const data = new Ctor(source.length);
  for (let i = 0; i < a; i++) {
    for (let j = 0; j < b; j++) {
      for (let k = 0; k < inner; k++)
        data[(j * a + i) * inner + k] = source[(i * b + j) * inner + k];
    }
  }
  return {
    dtype: tensor.dtype,
    shape: [b, a, ...rest],
    data: data as unknown as Tensor['data'],
  } as Tensor;
}
