/**
 * rnnkit-wasm as a Backend: every Backend's session suite (the ORT backends run it too: the
 * matrix with run options and initial states against the reference, streaming, bad models,
 * inputs and state, dispose), plus what only rnnkit-wasm promises: one step per call is
 * bit-identical to the joined run, and it computes what ONNX cannot express.
 */
import { createReferenceBackend } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import {
  describeBackendSession,
  expectMatchesReference,
} from '../../onnx/src/runtime/test-support/backend-session-suite.js';
import {
  featureSpec,
  randomFeatures,
  randomModel,
  tokenSpec,
} from '../../onnx/src/runtime/test-support/models.js';
import { createWasmBackend } from './index.js';
import { describeStreamingExact } from './test-support/streaming-exact-suite.js';

const ID = 'rnnkit-wasm';
const reference = createReferenceBackend();

describeBackendSession(ID, () => createWasmBackend());

describeStreamingExact(ID, () => createWasmBackend());

describe('rnnkit-wasm: what the ORT backends refuse', () => {
  it('supports every valid spec, including what ONNX cannot express', async () => {
    const spec = featureSpec(3, [
      { type: 'simpleRnn', name: 'rnn', units: 2, activation: 'exponential' },
    ]);
    const model = randomModel(spec, 5);
    expect(createWasmBackend().supports(model).supported).toBe(true);
    const session = await createWasmBackend().load(model);
    const x = randomFeatures([2, 3, 3], 1);
    expectMatchesReference(
      await session.run({ x }),
      await (await reference.load(model)).run({ x }),
      ID,
    );
  });

  it('computes maskZero padding inside a sequence and all-padding examples with a state', async () => {
    const spec = tokenSpec(10, 4, [{ type: 'gru', name: 'rnn', units: 3, resetAfter: true }], true);
    const model = randomModel(spec, 6);
    const session = await createWasmBackend().load(model);
    const tokens = {
      dtype: 'int32',
      shape: [3, 4],
      data: Int32Array.from([1, 2, 3, 0, 0, 4, 5, 0, 0, 0, 0, 0]),
    } as const;
    const h = {
      dtype: 'float32',
      shape: [1, 3, 3],
      data: Float32Array.from([0.1, 0.2, 0.3, -0.5, 0.5, 0, 0.9, -0.9, 0.4]),
    } as const;
    const options = { state: { rnn: { h } } };
    const actual = await session.run({ tokens }, options);
    expectMatchesReference(
      actual,
      await (await reference.load(model)).run({ tokens }, options),
      ID,
    );
    // The all-padding example keeps its initial state.
    expect([...(actual.state.rnn.h.data as Float32Array).slice(6)]).toEqual([...h.data.slice(6)]);
  });
});
