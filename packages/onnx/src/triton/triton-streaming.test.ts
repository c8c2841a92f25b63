/**
 * The Triton model run the way Triton runs it, on onnxruntime-node: requests of different
 * sequences concatenated along dimension 0, each sequence's implicit state starting from the
 * config's zeros and carried from its state_out to its state_in. Expected values come from the
 * float64 reference executor on each whole, unsplit sequence.
 */
import {
  charRnnSpec,
  createReferenceBackend,
  float32Tensor,
  gruLanguageModelSpec,
  initializeWeights,
  int32Tensor,
  type Model,
  type ModelSpec,
  sentimentLstmSpec,
  type Tensor,
  TOLERANCES,
  validateSpec,
} from '@rnnkit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { decodeModel } from '../proto/index.js';
import { exportTritonRepository, type TritonRepository } from './export-triton.js';

const { atol, rtol } = TOLERANCES['ort-node-cpu'];

function modelOf(spec: ModelSpec, seed: number): Model {
  return { spec, weights: initializeWeights(spec, { seed }) };
}

function onnxBytes(repo: TritonRepository): Uint8Array {
  return repo.files.find((f) => f.path.endsWith('/1/model.onnx'))!.contents as Uint8Array;
}

/** Rows [from, to) of a batch-first float tensor. */
function rows(tensor: ort.Tensor, from: number, to: number): ort.Tensor {
  const row = tensor.dims.slice(1).reduce((a, b) => a * b, 1);
  const data = (tensor.data as Float32Array).slice(from * row, to * row);
  return new ort.Tensor('float32', data, [to - from, ...tensor.dims.slice(1)]);
}

function concatRows(tensors: ort.Tensor[]): ort.Tensor {
  const total = tensors.reduce((n, t) => n + t.dims[0], 0);
  const Data = tensors[0].type === 'int32' ? Int32Array : Float32Array;
  const data = new Data(tensors.reduce((n, t) => n + t.data.length, 0));
  let offset = 0;
  for (const t of tensors) {
    data.set(t.data as Int32Array & Float32Array, offset);
    offset += t.data.length;
  }
  return new ort.Tensor(tensors[0].type, data, [total, ...tensors[0].dims.slice(1)]);
}

/** A stand-in for Triton's sequence batcher over one ORT session. */
class SequenceBatcher {
  private readonly state = new Map<number, Record<string, ort.Tensor>>();
  constructor(
    private readonly session: ort.InferenceSession,
    private readonly repo: TritonRepository,
    private readonly dataInput: string,
  ) {}

  /** One execution: requests (correlation id, [1, ...] input) batched in the given order. */
  async execute(requests: { sequence: number; input: ort.Tensor }[]) {
    const feeds: Record<string, ort.Tensor> = {
      [this.dataInput]: concatRows(requests.map((r) => r.input)),
    };
    for (const s of this.repo.states) {
      feeds[s.inputName] = concatRows(
        requests.map(
          (r) =>
            this.state.get(r.sequence)?.[s.inputName] ??
            // initial_state { zero_data: true, dims: s.dims }, plus the batch dimension
            new ort.Tensor('float32', new Float32Array(s.dims[0] * s.dims[1]), [1, ...s.dims]),
        ),
      );
    }
    const out = await this.session.run(feeds);
    return requests.map((r, i) => {
      const next: Record<string, ort.Tensor> = {};
      for (const s of this.repo.states) next[s.inputName] = rows(out[s.outputName], i, i + 1);
      this.state.set(r.sequence, next);
      const mine: Record<string, ort.Tensor> = {};
      for (const [name, value] of Object.entries(out)) mine[name] = rows(value, i, i + 1);
      return mine;
    });
  }
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = Number(expected[i]);
    expect(Math.abs(Number(actual[i]) - e)).toBeLessThanOrEqual(atol + rtol * Math.abs(e));
  }
}

async function reference(model: Model, input: Tensor) {
  const session = await createReferenceBackend().load(model);
  return (await session.run({ [model.spec.input.name]: input })).outputs[model.spec.output.name];
}

const tokens = (ids: number[]) => new ort.Tensor('int32', Int32Array.from(ids), [1, ids.length]);

describe('Triton export, run as Triton runs it', () => {
  it('GRU language model: two sequences batched, state carried between requests', async () => {
    const model = modelOf(
      gruLanguageModelSpec({ vocabularySize: 40, embeddingDim: 8, units: 12 }),
      3,
    );
    const repo = exportTritonRepository(model, { maxBatchSize: 4 });
    const session = await ort.InferenceSession.create(onnxBytes(repo));
    const batcher = new SequenceBatcher(session, repo, 'tokens');
    const a = [5, 9, 1, 33, 2, 7];
    const b = [11, 0, 39, 4, 8, 20];
    // Sequence a arrives in chunks of 3, 1, 2 tokens; b in 3 and 3; only equal-length requests
    // batch together (Triton's dynamic batcher needs equal shapes).
    const [a1, b1] = await batcher.execute([
      { sequence: 1, input: tokens(a.slice(0, 3)) },
      { sequence: 2, input: tokens(b.slice(0, 3)) },
    ]);
    const [a2] = await batcher.execute([{ sequence: 1, input: tokens(a.slice(3, 4)) }]);
    const [b2] = await batcher.execute([{ sequence: 2, input: tokens(b.slice(3, 6)) }]);
    const [a3] = await batcher.execute([{ sequence: 1, input: tokens(a.slice(4, 6)) }]);
    await session.release();

    const joined = (parts: Record<string, ort.Tensor>[]) =>
      parts.flatMap((p) => Array.from(p.probabilities.data as Float32Array));
    const expectedA = await reference(model, int32Tensor([1, 6], a));
    const expectedB = await reference(model, int32Tensor([1, 6], b));
    expectClose(joined([a1, a2, a3]), expectedA.data as ArrayLike<number>);
    expectClose(joined([b1, b2]), expectedB.data as ArrayLike<number>);
    expect(a1.probabilities.dims).toEqual([1, 3, 40]);
  });

  it('LSTM sentiment classifier: h and c are both implicit state', async () => {
    const model = modelOf(sentimentLstmSpec({ vocabularySize: 30 }), 5);
    const repo = exportTritonRepository(model);
    expect(repo.states.map((s) => [s.inputName, s.outputName])).toEqual([
      ['state_in/lstm/h', 'state_out/lstm/h'],
      ['state_in/lstm/c', 'state_out/lstm/c'],
    ]);
    const session = await ort.InferenceSession.create(onnxBytes(repo));
    const batcher = new SequenceBatcher(session, repo, 'tokens');
    const a = [3, 14, 15, 9, 26];
    const b = [5, 3, 5, 8, 9];
    await batcher.execute([
      { sequence: 7, input: tokens(a.slice(0, 2)) },
      { sequence: 8, input: tokens(b.slice(0, 2)) },
    ]);
    const [a2, b2] = await batcher.execute([
      { sequence: 7, input: tokens(a.slice(2)) },
      { sequence: 8, input: tokens(b.slice(2)) },
    ]);
    await session.release();
    expectClose(
      a2.probability.data as Float32Array,
      (await reference(model, int32Tensor([1, 5], a))).data as ArrayLike<number>,
    );
    expectClose(
      b2.probability.data as Float32Array,
      (await reference(model, int32Tensor([1, 5], b))).data as ArrayLike<number>,
    );
  });

  it('SimpleRNN on features, and a bidirectional layer: state tensors are batch-first', async () => {
    const model = modelOf(charRnnSpec({ inputSize: 4, hiddenSize: 6, outputSize: 3 }), 9);
    const repo = exportTritonRepository(model);
    const graph = decodeModel(onnxBytes(repo)).graph;
    const stateIn = graph.input.find((i) => i.name === 'state_in/rnn/h')!;
    expect(stateIn.type?.shape).toEqual(['batch', 1, 6]);
    expect(graph.output.find((o) => o.name === 'state_out/rnn/h')!.type?.shape).toEqual([
      'batch',
      1,
      6,
    ]);
    const session = await ort.InferenceSession.create(onnxBytes(repo));
    const batcher = new SequenceBatcher(session, repo, 'input');
    const x = Float32Array.from({ length: 2 * 5 * 4 }, (_, i) => Math.sin(i * 0.7));
    const part = (seq: number, from: number, to: number) =>
      new ort.Tensor('float32', x.slice((seq * 5 + from) * 4, (seq * 5 + to) * 4), [
        1,
        to - from,
        4,
      ]);
    const first = await batcher.execute([
      { sequence: 0, input: part(0, 0, 2) },
      { sequence: 1, input: part(1, 0, 2) },
    ]);
    // The second request swaps the batch rows: state follows the sequence, not the slot.
    const second = await batcher.execute([
      { sequence: 1, input: part(1, 2, 5) },
      { sequence: 0, input: part(0, 2, 5) },
    ]);
    await session.release();
    for (const seq of [0, 1]) {
      const expected = await reference(
        model,
        float32Tensor([1, 5, 4], x.slice(seq * 20, seq * 20 + 20)),
      );
      // The output is the last step's; the first request's is that of step 2, not compared.
      expect(first[seq].output.dims).toEqual([1, 3]);
      expectClose(second[1 - seq].output.data as Float32Array, expected.data as ArrayLike<number>);
    }

    const bidirectional = modelOf(
      validateSpec({
        format: 'rnnkit-model',
        formatVersion: 1,
        input: { name: 'x', type: 'features', size: 3 },
        layers: [
          { type: 'gru', name: 'bi', units: 4, resetAfter: false, direction: 'bidirectional' },
        ],
        output: { name: 'y' },
        stateOutputs: [{ name: 'h_n', kind: 'h', layers: ['bi'] }],
      }),
      2,
    );
    const biRepo = exportTritonRepository(bidirectional, { name: 'bi' });
    expect(biRepo.states).toEqual([
      { inputName: 'state_in/bi/h', outputName: 'state_out/bi/h', dims: [2, 4] },
    ]);
    const biGraph = decodeModel(onnxBytes(biRepo)).graph;
    expect(biGraph.output.find((o) => o.name === 'h_n')!.type?.shape).toEqual(['batch', 2, 4]);
    const biSession = await ort.InferenceSession.create(onnxBytes(biRepo));
    const input = Float32Array.from({ length: 2 * 3 * 3 }, (_, i) => Math.cos(i));
    const out = await biSession.run({
      x: new ort.Tensor('float32', input, [2, 3, 3]),
      'state_in/bi/h': new ort.Tensor('float32', new Float32Array(16), [2, 2, 4]),
    });
    await biSession.release();
    const refSession = await createReferenceBackend().load(bidirectional);
    const expected = (await refSession.run({ x: float32Tensor([2, 3, 3], input) })).outputs.h_n;
    // reference h_n is [directions, batch, units]; Triton's is [batch, directions, units]
    const transposed: number[] = [];
    for (let batch = 0; batch < 2; batch++)
      for (let d = 0; d < 2; d++)
        for (let u = 0; u < 4; u++) transposed.push(Number(expected.data[(d * 2 + batch) * 4 + u]));
    expectClose(out.h_n.data as Float32Array, transposed);
    expectClose(out['state_out/bi/h'].data as Float32Array, transposed);
  });
});
