/**
 * Checkpoints written by python3-torch the ways people save them (__fixtures__/pt-written,
 * made by make_pt_fixtures.py): zip and legacy formats, float32/float64/float16, a state dict
 * inside a training checkpoint dict, non-contiguous and shared storages. Every value must be
 * what torch.load reads back; the forward cases must compute what PyTorch computed.
 */
import { readFileSync } from 'node:fs';
import { createReferenceBackend, float16ToFloat32, float32Tensor } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { readTorchStateDict } from '../read-state-dict.js';
import { readPtStateDict } from './read-pt.js';

const root = new URL('../__fixtures__/pt-written/', import.meta.url);
const bytes = (name: string) => new Uint8Array(readFileSync(new URL(name, root)));

interface TensorCase {
  dtype: string;
  shape: number[];
  values: number[];
}
interface Case {
  format: 'zip' | 'legacy';
  key: string;
  tensors: Record<string, TensorCase>;
  input?: { shape: number[]; data: number[] };
  output?: { shape: number[]; data: number[] };
}
const cases: Record<string, Case> = JSON.parse(readFileSync(new URL('cases.json', root), 'utf8'));
const DTYPES: Record<string, string> = { float32: 'F32', float64: 'F64', float16: 'F16' };

const stateDictCases = Object.entries(cases).filter(([, c]) => c.tensors !== undefined);

describe('checkpoints written by python3-torch', () => {
  it.each(stateDictCases)('%s: every tensor as torch.load reads it', (name, expected) => {
    const read = readPtStateDict(bytes(`${name}.pt`));
    expect(read.format).toBe(expected.format);
    expect(read.key).toBe(expected.key);
    expect([...read.tensors.keys()]).toEqual(Object.keys(expected.tensors));
    for (const [tensorName, tensor] of read.tensors) {
      const want = expected.tensors[tensorName];
      expect(tensor.dtype, tensorName).toBe(DTYPES[want.dtype]);
      expect(tensor.shape, tensorName).toEqual(want.shape);
      const values =
        tensor.dtype === 'F16'
          ? Array.from(tensor.data as Uint16Array, float16ToFloat32)
          : Array.from(tensor.data as Float32Array | Float64Array);
      expect(values, tensorName).toEqual(want.values);
    }
  });

  it.each(['lstm_fc_zip', 'lstm_fc_legacy'])(
    '%s: the reference executor computes what PyTorch computed',
    async (name) => {
      const expected = cases[name];
      const model = readTorchStateDict(bytes(`${name}.pt`), {
        modules: {
          modules: [
            { kind: 'lstm', prefix: 'lstm', output: 'lastStep' },
            { kind: 'linear', prefix: 'fc' },
          ],
        },
      });
      const session = await createReferenceBackend().load(model);
      const input = expected.input as { shape: number[]; data: number[] };
      const { outputs } = await session.run({
        [model.spec.input.name]: float32Tensor(input.shape, Float32Array.from(input.data)),
      });
      const out = outputs[model.spec.output.name];
      expect(out.shape).toEqual(expected.output?.shape);
      const want = expected.output?.data as number[];
      Array.from(out.data as Float64Array).forEach((v, i) => {
        expect(Math.abs(v - want[i])).toBeLessThan(1e-5 + 1e-4 * Math.abs(want[i]));
      });
    },
  );

  it('the real cs177h GRU checkpoint computes its quirky forward (x[:, -1, :] of a seq-first GRU)', async () => {
    // PyTorch ran (seq 6, batch 3, 24) and took batch element 2 at every step. In rnnkit's
    // batch-major terms that is batch element 2's sequence output, one row per step.
    const { input_seq_first: seqFirst, output } = cases.cs177h_forward as unknown as {
      input_seq_first: { shape: number[]; data: number[] };
      output: { shape: number[]; data: number[] };
    };
    const [steps, batch, features] = seqFirst.shape;
    const last = new Float32Array(steps * features);
    for (let t = 0; t < steps; t++)
      for (let f = 0; f < features; f++)
        last[t * features + f] = seqFirst.data[(t * batch + batch - 1) * features + f];
    const model = readTorchStateDict(
      new Uint8Array(
        readFileSync(
          new URL('../__fixtures__/torch-pt/cs177h-virus-gru/gru_model.pt', import.meta.url),
        ),
      ),
      {
        modules: {
          modules: [
            { kind: 'gru', prefix: 'lstm', output: 'sequence' },
            { kind: 'linear', prefix: 'linear1' },
            { kind: 'linear', prefix: 'linear2', activation: 'sigmoid' },
          ],
        },
      },
    );
    const session = await createReferenceBackend().load(model);
    const { outputs } = await session.run({
      [model.spec.input.name]: float32Tensor([1, steps, features], last),
    });
    const out = outputs[model.spec.output.name];
    expect(out.shape).toEqual([1, steps, 1]);
    Array.from(out.data as Float64Array).forEach((v, i) => {
      expect(Math.abs(v - output.data[i])).toBeLessThan(1e-5 + 1e-4 * Math.abs(output.data[i]));
    });
  });
});
