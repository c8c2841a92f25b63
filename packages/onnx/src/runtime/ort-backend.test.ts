/**
 * The runner's own guarantees, on real onnxruntime-node wrapped only to count what reaches it:
 * bad input and refused runs never reach ORT, one InferenceSession per loaded model, released on
 * dispose, and the graph's declared token dtype is honoured.
 */
import { RnnkitError } from '@rnnkit/core';
import * as ortNode from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createOrtBackend } from './ort-backend.js';
import type { OrtInferenceSession, OrtModule, OrtTensor } from './ort-module.js';
import { featureSpec, randomFeatures, randomModel, tokenSpec } from './test-support/models.js';

function countingOrt() {
  const real = ortNode as unknown as OrtModule;
  const counts = { created: 0, runs: 0, released: 0 };
  const feeds: Record<string, OrtTensor>[] = [];
  const ort: OrtModule = {
    Tensor: real.Tensor,
    InferenceSession: {
      async create(bytes, options) {
        const session = await real.InferenceSession.create(bytes, options);
        counts.created++;
        const counted: OrtInferenceSession = {
          inputNames: session.inputNames,
          outputNames: session.outputNames,
          inputMetadata: session.inputMetadata,
          outputMetadata: session.outputMetadata,
          run(given) {
            counts.runs++;
            feeds.push(given);
            return session.run(given);
          },
          release() {
            counts.released++;
            return session.release();
          },
        };
        return counted;
      },
    },
  };
  return { ort, counts, feeds };
}

const backendWith = (ort: OrtModule) =>
  createOrtBackend({
    ort,
    id: 'ort-node-cpu',
    executionProviders: ['cpu'],
    sessionOptions: { intraOpNumThreads: 1 },
    placement: { onlyProvider: 'CPUExecutionProvider' },
  });

describe('createOrtBackend', () => {
  it('creates one InferenceSession per load, reuses it for every run and releases it once', async () => {
    const { ort, counts } = countingOrt();
    const session = await backendWith(ort).load(
      randomModel(featureSpec(2, [{ type: 'lstm', name: 'rnn', units: 3 }]), 1),
    );
    for (let i = 0; i < 3; i++) await session.run({ x: randomFeatures([2, 4, 2], i) });
    expect(counts).toEqual({ created: 1, runs: 3, released: 0 });
    await session.dispose();
    await session.dispose();
    expect(counts.released).toBe(1);
  });

  it('rejects bad input before anything reaches ORT', async () => {
    const { ort, counts } = countingOrt();
    const spec = tokenSpec(5, 3, [{ type: 'gru', name: 'rnn', units: 2, resetAfter: true }], true);
    const session = await backendWith(ort).load(randomModel(spec, 2));
    const attempts = [
      session.run({ tokens: { dtype: 'int32', shape: [1, 2], data: Int32Array.from([1, 5]) } }),
      session.run({ tokens: { dtype: 'float32', shape: [1, 2], data: Float32Array.from([1, 2]) } }),
      session.run({ tokens: { dtype: 'int32', shape: [2, 2], data: Int32Array.from([1, 2]) } }),
      session.run({ tokens: { dtype: 'int32', shape: [1, 3], data: Int32Array.from([0, 1, 2]) } }),
    ];
    const codes = await Promise.all(
      attempts.map((p) =>
        p.then(
          () => 'ran',
          (e) => (RnnkitError.isInstance(e) ? e.code : String(e)),
        ),
      ),
    );
    expect(codes).toEqual([
      'INVALID_INPUT',
      'INVALID_INPUT',
      'INVALID_INPUT',
      'UNSUPPORTED_FEATURE',
    ]);
    expect(counts.runs).toBe(0);
    await session.dispose();
  });

  it('feeds every layer a state (zeros when none is given) and token ids in the dtype the graph declares', async () => {
    const { ort, feeds } = countingOrt();
    const spec = tokenSpec(5, 3, [
      { type: 'lstm', name: 'a', units: 2, returnSequences: true, direction: 'bidirectional' },
      { type: 'gru', name: 'b', units: 2, resetAfter: false },
    ]);
    const session = await backendWith(ort).load(randomModel(spec, 3));
    await session.run({ tokens: { dtype: 'int32', shape: [1, 2], data: Int32Array.from([1, 2]) } });
    const fed = feeds[0];
    expect(Object.keys(fed).sort()).toEqual([
      'state_in/a/c',
      'state_in/a/h',
      'state_in/b/h',
      'tokens',
    ]);
    expect(fed['state_in/a/h'].dims).toEqual([2, 1, 2]);
    expect([...(fed['state_in/b/h'].data as Float32Array)]).toEqual([0, 0]);
    expect(fed.tokens.type).toBe('int32');
    await session.dispose();
  });

  it('hands a returned state back to ORT without copying it', async () => {
    const { ort, feeds } = countingOrt();
    const session = await backendWith(ort).load(
      randomModel(featureSpec(2, [{ type: 'gru', name: 'g', units: 3, resetAfter: true }]), 4),
    );
    const first = await session.run({ x: randomFeatures([1, 3, 2], 1) });
    await session.run({ x: randomFeatures([1, 3, 2], 2) }, { state: first.state });
    // prepareRunInputs validates (and may copy) the state; the runner itself adds no copy when
    // the prepared state is already float32.
    expect(feeds[1]['state_in/g/h'].data).toBeInstanceOf(Float32Array);
    expect([...(feeds[1]['state_in/g/h'].data as Float32Array)]).toEqual([
      ...(first.state.g.h.data as Float32Array),
    ]);
    await session.dispose();
  });

  it('reports ORT failing to start as BACKEND_UNAVAILABLE, once per backend', async () => {
    let attempts = 0;
    const backend = createOrtBackend({
      ort: async () => {
        attempts++;
        throw new Error('no wasm here');
      },
      id: 'ort-web-wasm',
      executionProviders: ['wasm'],
      placement: { onlyProvider: 'CPUExecutionProvider' },
    });
    const model = randomModel(featureSpec(2, [{ type: 'simpleRnn', name: 'r', units: 2 }]), 5);
    for (let i = 0; i < 2; i++) {
      const error = await backend.load(model).catch((e) => e);
      expect(error.code).toBe('BACKEND_UNAVAILABLE');
      expect(error.message).toMatch(/no wasm here/);
    }
    expect(attempts).toBe(1);
  });

  it('exposes the spec signature and the execution provider', async () => {
    const spec = featureSpec(
      2,
      [{ type: 'lstm', name: 'rnn', units: 3, returnSequences: true, paddedOutputs: 'zero' }],
      {
        sequenceLengths: { name: 'len' },
        stateOutputs: [{ name: 'hn', kind: 'h', layers: ['rnn'] }],
      },
    );
    const session = await backendWith(countingOrt().ort).load(randomModel(spec, 6));
    expect(session.inputs).toEqual([
      { name: 'x', dtype: 'float32', shape: [-1, -1, 2] },
      { name: 'len', dtype: 'int32', shape: [-1] },
    ]);
    expect(session.outputs).toEqual([
      { name: 'y', dtype: 'float32', shape: [-1, -1, 3] },
      { name: 'hn', dtype: 'float32', shape: [1, -1, 3] },
    ]);
    expect(session.executionProvider).toBe('cpu');
    expect(session.recurrentPlacement).toEqual({ rnn: 'CPUExecutionProvider' });
    await session.dispose();
  });
});
