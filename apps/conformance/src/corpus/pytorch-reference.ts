/**
 * PyTorch 1.13 (float32) runs of seeded nn.RNN / nn.LSTM / nn.GRU modules (uni- and
 * bidirectional, stacked, with h0/c0 and with packed sequence lengths) and an
 * Embedding -> LSTM -> Linear -> sigmoid model, written by
 * packages/core/src/reference/__fixtures__/torch/make_torch_fixtures.py as spec + canonical
 * weights + inputs + PyTorch's outputs. Every recorded output is expected (the sequence and the
 * h_n / c_n state outputs), and the final state per layer is cut out of h_n / c_n the way the
 * spec stacks them ([layers x directions, batch, units], PyTorch's order too).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ModelSpec,
  type NamedTensors,
  type RecurrentState,
  recurrentLayers,
  type Tensor,
  tensorsFromJson,
  type Weights,
} from '@rnnkit/core';
import type { MatrixCase } from 'rnnkit';
import { PYTORCH_REFERENCE_FIXTURES } from './fixtures.js';

interface TorchFixture {
  description: string;
  spec: ModelSpec;
  weights: Record<string, { shape: number[]; data: number[] }>;
  inputs: unknown;
  expected: unknown;
}

export function pytorchReferenceCases(): MatrixCase[] {
  return readdirSync(PYTORCH_REFERENCE_FIXTURES)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => {
      const fixture = JSON.parse(
        readFileSync(join(PYTORCH_REFERENCE_FIXTURES, file), 'utf8'),
      ) as TorchFixture;
      const weights: Weights = new Map(
        Object.entries(fixture.weights).map(([name, { shape, data }]) => [
          name,
          { shape, data: Float32Array.from(data) },
        ]),
      );
      const expected = tensorsFromJson(fixture.expected);
      return {
        id: `pytorch-${file.replace(/\.json$/, '').replaceAll('_', '-')}`,
        group: 'pytorch',
        description: `PyTorch ${fixture.description}`,
        model: { spec: fixture.spec, weights },
        inputs: tensorsFromJson(fixture.inputs),
        expected,
        expectedState: stateFromOutputs(fixture.spec, expected),
        source: 'pytorch',
      };
    });
}

/** Each layer's rows of the recorded h_n / c_n, as a RecurrentState. */
function stateFromOutputs(spec: ModelSpec, expected: NamedTensors): RecurrentState {
  const directions = new Map(recurrentLayers(spec).map((layer) => [layer.name, layer.directions]));
  const parts = { h: new Map<string, Tensor>(), c: new Map<string, Tensor>() };
  for (const output of spec.stateOutputs ?? []) {
    const stacked = expected[output.name];
    if (stacked === undefined) continue;
    const [, batch, units] = stacked.shape;
    const rowSize = batch * units;
    let row = 0;
    for (const layer of output.layers) {
      const count = directions.get(layer) ?? 1;
      parts[output.kind].set(layer, {
        dtype: 'float32',
        shape: [count, batch, units],
        data: Float32Array.from(
          (stacked.data as Float32Array).subarray(row * rowSize, (row + count) * rowSize),
        ),
      });
      row += count;
    }
  }
  const state: RecurrentState = {};
  for (const [layer, h] of parts.h) {
    const c = parts.c.get(layer);
    state[layer] = c ? { h, c } : { h };
  }
  return state;
}
