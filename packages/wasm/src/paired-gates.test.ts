/**
 * The common LSTM (sigmoid gates, tanh, no peepholes) on input rows runs its state update two
 * unit quads at a time through csrc/gate-pairs.h, copies of sigmoid and tanh interleaved over two
 * vectors. Units 13: one pair of quads, then the last 5 units through the one-quad loop. Checked
 * against the float64 reference, and bit for bit against the same weights with all-zero
 * peepholes, which take the one-quad loop throughout and add +0 to each pre-activation (a
 * no-op on every value the gates see; -0 becomes +0, whose sigmoid and tanh are those of -0).
 */
import { createReferenceBackend, toleranceFor } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import {
  featureSpec,
  randomFeatures,
  randomModel,
} from '../../onnx/src/runtime/test-support/models.js';
import { expectRunClose } from '../../tfjs/src/test-support/compare.js';
import { createWasmBackend } from './index.js';

const backend = createWasmBackend();
const UNITS = 13;

describe('rnnkit-wasm paired LSTM gates', () => {
  it('match the reference and give the one-quad path bit for bit', async () => {
    const layer = { type: 'lstm', name: 'lstm', units: UNITS, returnSequences: true } as const;
    const model = randomModel(featureSpec(6, [layer]), 21, 1.5);
    const withPeepholes = randomModel(featureSpec(6, [{ ...layer, peepholes: true }]), 21, 1.5);
    for (const [name, tensor] of model.weights) withPeepholes.weights.set(name, tensor);
    withPeepholes.weights.get('lstm/peephole')?.data.fill(0);
    const inputs = { x: randomFeatures([9, 11, 6], 4) };
    const expected = await (await createReferenceBackend().load(model)).run(inputs);
    const paired = await backend.load(model);
    const oneQuad = await backend.load(withPeepholes);
    try {
      const got = await paired.run(inputs);
      expectRunClose(got, expected, toleranceFor(backend.id));
      const plain = await oneQuad.run(inputs);
      const outputs = Object.keys(got.outputs);
      expect(outputs.length).toBe(1);
      for (const name of outputs) {
        expect([...(got.outputs[name].data as Float32Array)]).toEqual([
          ...(plain.outputs[name].data as Float32Array),
        ]);
      }
      expect([...(got.state.lstm.c!.data as Float32Array)]).toEqual([
        ...(plain.state.lstm.c!.data as Float32Array),
      ]);
    } finally {
      await paired.dispose();
      await oneQuad.dispose();
    }
  });
});
