/**
 * Real torch.save checkpoints from public repositories (src/__fixtures__/torch-pt, copied from
 * the shared conformance data with their LICENSE and SOURCE.txt). Every tensor's dtype, shape,
 * first values, sum and the sha256 of its little-endian bytes must equal what torch.load read
 * (tensors.json, written by Debian's python3-torch).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RnnkitError } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { readTorchStateDict } from '../read-state-dict.js';
import { readPtStateDict } from './read-pt.js';

const root = new URL('../__fixtures__/torch-pt/', import.meta.url);
const bytes = (path: string) => new Uint8Array(readFileSync(new URL(path, root)));

interface Expected {
  dtype: string;
  shape: number[];
  first: number[];
  sum: number;
  sha256_le_bytes: string;
}

function expectTensors(path: string, expectedPath: string, nested?: string) {
  const json = JSON.parse(readFileSync(new URL(expectedPath, root), 'utf8'));
  const expected: Record<string, Expected> = nested
    ? (json.tensors[nested] ?? json.tensors)
    : json.tensors;
  const read = readPtStateDict(bytes(path));
  expect([...read.tensors.keys()]).toEqual(Object.keys(expected));
  for (const [name, tensor] of read.tensors) {
    const want = expected[name];
    expect(tensor.dtype, name).toBe('F32');
    expect(tensor.shape, name).toEqual(want.shape);
    const data = tensor.data as Float32Array;
    expect(Array.from(data.subarray(0, 8)), name).toEqual(want.first);
    let sum = 0;
    for (const v of data) sum += v;
    expect(Math.abs(sum - want.sum), name).toBeLessThan(
      1e-9 * Math.max(1, Math.abs(want.sum)) + 1e-9,
    );
    const le = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    expect(createHash('sha256').update(le).digest('hex'), name).toBe(want.sha256_le_bytes);
  }
  return read;
}

describe('real PyTorch checkpoints', () => {
  it('zip format: a state_dict of nn.GRU(24, 32, num_layers=2) + two Linear layers', () => {
    const read = expectTensors('cs177h-virus-gru/gru_model.pt', 'cs177h-virus-gru/tensors.json');
    expect(read.format).toBe('zip');
    expect(read.key).toBe('');
  });

  it('legacy format: {"model_state_dict": ...} of a two-branch Embedding + LSTM model', () => {
    const read = expectTensors(
      'ergo-tcr-pep-lstm/lstm_mcpas_specific__model.pt',
      'ergo-tcr-pep-lstm/tensors.json',
      'model_state_dict',
    );
    expect(read.format).toBe('legacy');
    expect(read.key).toBe('model_state_dict');
    expect(read.tensors.size).toBe(22);
  });

  it('a whole pickled module is refused by name, without running it', () => {
    let caught: unknown;
    try {
      readPtStateDict(bytes('dvclassifier-embedding-rnn/rnn.pt'));
    } catch (error) {
      caught = error;
    }
    expect(RnnkitError.isInstance(caught)).toBe(true);
    const error = caught as RnnkitError;
    expect(error.code).toBe('MODEL_FORMAT');
    expect(error.message).toMatch(/refusing pickle global '__main__\.RNN'/);
    expect(error.message).toMatch(/model\.state_dict\(\)/);
  });

  it('the GRU checkpoint becomes a model through readTorchStateDict, given what names cannot tell', () => {
    // The structure only; what its (quirky) forward computes is checked in
    // written-checkpoints.test.ts against PyTorch.
    const model = readTorchStateDict(bytes('cs177h-virus-gru/gru_model.pt'), {
      modules: {
        modules: [
          { kind: 'gru', prefix: 'lstm', output: 'lastStep' },
          { kind: 'linear', prefix: 'linear1' },
          { kind: 'linear', prefix: 'linear2', activation: 'sigmoid' },
        ],
      },
    });
    expect(model.spec.layers.map((l) => l.type)).toEqual(['gru', 'gru', 'dense', 'dense']);
    expect(model.weights.get('lstm_l0/kernel')?.shape).toEqual([24, 96]);
  });
});
